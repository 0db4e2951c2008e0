import Foundation
import Testing
@testable import Text

@Test func vocabularyFromCounts() {
    let counts = Vocabulary.count([["the", "cat", "sat"], ["the", "dog", "sat"], ["the", "end"]])
    let vocab = Vocabulary(counts: counts, minFrequency: 1)
    #expect(Array(vocab.tokens.prefix(5)) == ["<pad>", "<unk>", "<bos>", "<eos>", "<mask>"])
    // By frequency, ties in string order.
    #expect(Array(vocab.tokens.dropFirst(5)) == ["the", "sat", "cat", "dog", "end"])
    #expect(vocab.padId == 0 && vocab.unkId == 1 && vocab.bosId == 2 && vocab.eosId == 3 && vocab.maskId == 4)
    #expect(vocab.encode(["the", "cow"], addBosEos: true) == [2, 5, 1, 3])
    #expect(vocab.decode([2, 5, 1, 3, 0], skipSpecials: true) == ["the", "<unk>"])
    #expect(vocab.id("cow") == nil && vocab["cow"] == 1)

    let frequent = Vocabulary(counts: counts, minFrequency: 2)
    #expect(Array(frequent.tokens.dropFirst(5)) == ["the", "sat"])
    let small = Vocabulary(counts: counts, maxSize: 6)
    #expect(small.count == 6 && small.tokens.last == "the")
}

@Test func bertSpecialTokens() {
    let vocab = Vocabulary(tokens: ["hello", "[CLS]"], specials: .bert)
    #expect(vocab.tokens == ["[PAD]", "[UNK]", "[MASK]", "[CLS]", "[SEP]", "hello"])
    #expect(vocab.clsId == 3 && vocab.sepId == 4 && vocab.bosId == nil)
    let custom = Vocabulary(tokens: ["x"], specials: SpecialTokens(pad: "<p>", unk: "<u>", cls: "<c>"))
    #expect(custom.tokens == ["<p>", "<u>", "<c>", "x"])
}

@Test func vocabularySaveLoadAndBadFiles() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let vocab = Vocabulary(tokens: ["b", "a", "ü"], specials: .bert)
    let url = dir.appendingPathComponent("vocab.json")
    try vocab.save(to: url)
    #expect(try Vocabulary.load(from: url) == vocab)
    #expect(!FileManager.default.fileExists(atPath: url.path + ".tmp"))

    func write(_ json: String) throws -> URL {
        let bad = dir.appendingPathComponent("bad.json")
        try json.write(to: bad, atomically: true, encoding: .utf8)
        return bad
    }
    #expect(throws: TextFileError.self) { try Vocabulary.load(from: write("{ not json")) }
    #expect(throws: TextFileError.self) {
        try Vocabulary.load(from: write(#"{"format": "bpe", "version": 1, "specials": {}, "tokens": []}"#))
    }
    #expect(throws: TextFileError.self) {
        try Vocabulary.load(from: write(#"{"format": "vocabulary", "version": 1, "specials": {}, "tokens": ["a", "a"]}"#))
    }
    #expect(throws: TextFileError.self) {  // specials must come first
        try Vocabulary.load(from: write(#"{"format": "vocabulary", "version": 1, "specials": {"pad": "<pad>"}, "tokens": ["a", "<pad>"]}"#))
    }
    #expect(throws: TextFileError.self) { try Vocabulary.load(from: dir.appendingPathComponent("missing.json")) }
}

@Test func unknownTokenWithoutUnkStops() async {
    await #expect(processExitsWith: .failure) {
        _ = Vocabulary(tokens: ["a"], specials: SpecialTokens(pad: "<pad>"))["b"]
    }
}
