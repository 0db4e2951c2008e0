import Foundation
import Testing
@testable import Text

@Test func conllReadsCoNLL2003() throws {
    let text = """
        -DOCSTART- -X- -X- O

        EU NNP B-NP B-ORG
        rejects VBZ B-VP O
        German JJ B-NP B-MISC
        call NN I-NP O
        . . O O

        Peter NNP B-NP B-PER
        Blackburn NNP I-NP I-PER

        -DOCSTART- -X- -X- O

        BRUSSELS NNP B-NP B-LOC\r
        1996-08-22 CD I-NP O\r

        """
    let sentences = try CoNLL.parse(text)
    #expect(sentences.count == 3)
    #expect(sentences[0].tokens == ["EU", "rejects", "German", "call", "."])
    #expect(sentences[0].tags == ["B-ORG", "O", "B-MISC", "O", "O"])
    #expect(sentences[1] == TaggedSentence(tokens: ["Peter", "Blackburn"], tags: ["B-PER", "I-PER"]))
    #expect(sentences[2].tags == ["B-LOC", "O"], "Windows line endings")
}

@Test func conllRoundTripAndErrors() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let sentences = NERCorpus.sentences(count: 20, seed: 4)
    let url = dir.appendingPathComponent("ner.conll")
    try CoNLL.write(sentences, to: url)
    #expect(try CoNLL.read(from: url) == sentences)

    #expect(throws: TextFileError.malformed(path: "<string>", line: 3, reason: "expected a token and a tag separated by a space or tab, found \"Peter\"")) {
        try CoNLL.parse("EU B-ORG\n\nPeter\n")
    }
    let binary = dir.appendingPathComponent("binary.conll")
    try Data([0x45, 0x55, 0x20, 0xFF, 0xFE, 0x0A]).write(to: binary)
    #expect(throws: TextFileError.self) { try CoNLL.read(from: binary) }
    #expect(throws: TextFileError.self) { try CoNLL.read(from: dir.appendingPathComponent("missing.conll")) }
}

@Test func parallelTSVRoundTripAndErrors() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let pairs = ToyTranslation.pairs(count: 30, seed: 2)
    let url = dir.appendingPathComponent("pairs.tsv")
    try ParallelTSV.write(pairs, to: url)
    #expect(try ParallelTSV.read(from: url) == pairs)

    let tatoeba = try ParallelTSV.parse("Go.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org\n\nHi.\tSalut !\n")
    #expect(tatoeba == [SentencePair(source: "Go.", target: "Va !"), SentencePair(source: "Hi.", target: "Salut !")])
    #expect(throws: TextFileError.malformed(path: "<string>", line: 2, reason: "expected source<TAB>target, found no tab")) {
        try ParallelTSV.parse("a\tb\nno tab here\n")
    }
    #expect(throws: TextFileError.malformed(path: "<string>", line: 1, reason: "empty target sentence")) {
        try ParallelTSV.parse("a\t \n")
    }
}
