import Foundation
import Testing
@testable import Text

@Test func characterTokenizerKeepsGraphemes() {
    let t = CharacterTokenizer()
    #expect(t.tokenize("Hé👍🏽!") == ["H", "é", "👍🏽", "!"])
    #expect(t.detokenize(t.tokenize("Hello, world")) == "Hello, world")
    #expect(CharacterTokenizer(lowercase: true).tokenize("AbC") == ["a", "b", "c"])
}

@Test func wordTokenizerSplitsPunctuation() {
    #expect(WordTokenizer(lowercase: true).tokenize("Hello, World! don't") == ["hello", ",", "world", "!", "don", "'", "t"])
    #expect(WordTokenizer(splitPunctuation: false).tokenize("Hello,  World!\n") == ["Hello,", "World!"])
    #expect(WordTokenizer.bert().tokenize("Héllo 東京!") == ["hello", "東", "京", "!"])
    #expect(WordTokenizer.bert(lowercase: false).tokenize("Héllo") == ["Héllo"])
}

private struct WordPieceFixture: Decodable {
    struct Case: Decodable { var text: String, words: [String], tokens: [String] }
    struct Run: Decodable { var lowercase: Bool, cases: [Case] }
    var vocabulary: [String]
    var runs: [Run]
}

@Test func wordPieceMatchesHuggingFaceBert() throws {
    let fixture = try fixture("wordpiece", as: WordPieceFixture.self)
    for run in fixture.runs {
        let wp = WordPiece(vocabulary: fixture.vocabulary, preTokenizer: .bert(lowercase: run.lowercase))
        for c in run.cases {
            #expect(wp.preTokenizer.tokenize(c.text) == c.words, "basic tokenizer (lowercase \(run.lowercase)) on \(c.text.debugDescription)")
            #expect(wp.tokenize(c.text) == c.tokens, "WordPiece (lowercase \(run.lowercase)) on \(c.text.debugDescription)")
        }
    }
}

@Test func wordPieceLongestMatchFirst() {
    let wp = WordPiece(vocabulary: ["[UNK]", "un", "##aff", "##able", "unaff", "runn", "##ing", "!"])
    #expect(wp.tokenize("Unaffable running!") == ["unaff", "##able", "runn", "##ing", "!"])
    #expect(wp.encode(word: "unaffx") == ["[UNK]"])  // one uncovered piece makes the whole word unknown
    #expect(wp.detokenize(["unaff", "##able", "runn", "##ing"]) == "unaffable running")
}

@Test func wordPieceTrainingFirstMergesAndCoverage() {
    // The Hugging Face course's example corpus.
    let counts = ["hug": 10, "pug": 5, "pun": 12, "bun": 4, "hugs": 5]
    let wp = WordPiece.train(wordCounts: counts, vocabularySize: 5 + 7 + 3, specials: SpecialTokens.bert.all)
    // Specials, then the alphabet (in string order): first letters as they are, other letters with ##.
    #expect(Array(wp.vocabulary[5..<12]) == ["##g", "##n", "##s", "##u", "b", "h", "p"])
    // score(##g, ##s) = 5 / (20 * 5) = 1/20 beats every other pair (1/36);
    // then all pairs tie at 1/36 and the smaller pair in string order wins: (##u, ##g) -> ##ug;
    // then (##u, ##n), (b, ##u) and (##u, ##gs) tie at 1/21, and (##u, ##gs) is the smallest.
    #expect(Array(wp.vocabulary[12...]) == ["##gs", "##ug", "##ugs"])
    for word in counts.keys { #expect(!wp.encode(word: word).contains("[UNK]"), "\(word) is covered") }
    #expect(wp.encode(word: "hugs") == ["h", "##ugs"])
}

@Test func wordPieceSaveLoadAndBadFiles() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let wp = WordPiece.train(wordCounts: wordCounts("the cat sat on the mat with the hat"), vocabularySize: 30)
    let url = dir.appendingPathComponent("vocab.txt")
    try wp.save(to: url)
    let loaded = try WordPiece.load(from: url)
    #expect(loaded.vocabulary == wp.vocabulary)
    #expect(loaded.tokenize("the cats") == wp.tokenize("the cats"))

    let bad = dir.appendingPathComponent("bad.txt")
    try "[UNK]\ncat\n\ndog\n".write(to: bad, atomically: true, encoding: .utf8)
    #expect(throws: TextFileError.malformed(path: bad.path, line: 3, reason: "empty token")) { try WordPiece.load(from: bad) }
    try "[UNK]\ncat\ndog\ncat\n".write(to: bad, atomically: true, encoding: .utf8)
    #expect(throws: TextFileError.malformed(path: bad.path, line: 4, reason: "token \"cat\" already appeared on line 2")) {
        try WordPiece.load(from: bad)
    }
    try "cat\ndog\n".write(to: bad, atomically: true, encoding: .utf8)
    #expect(throws: TextFileError.self) { try WordPiece.load(from: bad) }
    #expect(throws: TextFileError.self) { try WordPiece.load(from: dir.appendingPathComponent("missing.txt")) }
}

private struct BPEFixture: Decodable {
    var corpus_lines: Int, merge_count: Int, min_frequency: Int
    var merges: [[String]]
    var encodings: [String: [String]]
}

@Test func bpeTrainingAndEncodingMatchReference() throws {
    let fixture = try fixture("bpe", as: BPEFixture.self)
    let text = try Corpus.devilsDictionary().text.components(separatedBy: "\n").prefix(fixture.corpus_lines).joined(separator: " ")
    let bpe = BytePairEncoding.train(wordCounts: wordCounts(text), merges: fixture.merge_count, minFrequency: fixture.min_frequency)
    #expect(bpe.merges.count == fixture.merges.count)
    #expect(bpe.merges.map { [$0.0, $0.1] } == fixture.merges, "merges learned from the corpus")
    #expect(fixture.encodings.count > 50)
    for (word, expected) in fixture.encodings {
        #expect(bpe.encode(word: word) == expected, "encoding of \(word) (Hugging Face BPE with the same merges)")
    }
}

@Test func bpeSennrichExample() {
    let bpe = BytePairEncoding.train(wordCounts: ["low": 5, "lower": 2, "newest": 6, "widest": 3], merges: 10)
    // e s (9) then es t</w> (9) then l o (7); the 6-way tie goes to (e, w) by string order.
    #expect(bpe.merges.prefix(4).map { [$0.0, $0.1] } == [["e", "s"], ["es", "t</w>"], ["l", "o"], ["e", "w"]])
    #expect(bpe.tokenize("newest lowest") == ["newest</w>", "lo", "w", "est</w>"])
}

@Test func bpeRoundTripAndVocabulary() throws {
    let text = try Corpus.devilsDictionary().paragraphs.prefix(300).joined(separator: " ")
    let bpe = BytePairEncoding.train(wordCounts: wordCounts(text), merges: 500)
    let sample = "ABSURDITY, n.  A statement or belief manifestly inconsistent with one's own opinion."
    let tokens = bpe.tokenize(sample)
    #expect(tokens.count < sample.count / 2, "merges compress the text")
    #expect(bpe.detokenize(tokens) == sample.split(separator: " ").joined(separator: " "))
    let vocab = Vocabulary(tokens: bpe.symbols)
    let ids = bpe.encode(sample, with: vocab)
    #expect(!ids.contains(vocab.unkId!))
    #expect(bpe.decode(ids, with: vocab) == bpe.detokenize(tokens))
    // Unseen characters stay as they are, and the vocabulary maps them to <unk>.
    #expect(bpe.tokenize("ж") == ["ж</w>"] && bpe.encode("ж", with: vocab) == [vocab.unkId!])
}

@Test func bpeSaveLoadAndBadFiles() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bpe = BytePairEncoding.train(wordCounts: ["low": 5, "lower": 2, "newest": 6, "widest": 3], merges: 10)
    let url = dir.appendingPathComponent("bpe.json")
    try bpe.save(to: url)
    #expect(try BytePairEncoding.load(from: url) == bpe)
    let bad = dir.appendingPathComponent("bad.json")
    try #"{"format": "bpe", "version": 1, "endOfWord": "</w>", "alphabet": [], "merges": [["a"]]}"#
        .write(to: bad, atomically: true, encoding: .utf8)
    #expect(throws: TextFileError.self) { try BytePairEncoding.load(from: bad) }
    try "not json".write(to: bad, atomically: true, encoding: .utf8)
    #expect(throws: TextFileError.self) { try BytePairEncoding.load(from: bad) }
}
