import Foundation
import Testing
import Workbook
@testable import Text

/// Hugging Face `tokenizers` on the same corpus and settings (scripts/p06_fixtures.py).
private struct BPEFixture: Decodable {
    struct Encoding: Decodable { var text: String, ids: [Int], decoded: String }
    var vocab_size: Int
    var specials: [String]
    var tokens: [String]
    var merges: [[String]]
    var encodings: [Encoding]
}

private func corpusLines() throws -> [String] {
    try String(contentsOf: Fixtures.url("p06_corpus.txt", in: .module), encoding: .utf8).split(separator: "\n").map(String.init)
}

@Suite struct MetaspaceBPETests {
    @Test func trainerLearnsTheMergesOfHuggingFaceBpeTrainer() throws {
        let expected = try fixture("p06_bpe", as: BPEFixture.self)
        let bpe = MetaspaceBPE.train(lines: try corpusLines(), vocabularySize: expected.vocab_size, specials: expected.specials)
        #expect(bpe.tokens == expected.tokens)
        #expect(bpe.merges.map { [bpe.tokens[$0.left], bpe.tokens[$0.right]] } == expected.merges)
    }

    @Test func encodesAndDecodesAsTokenizers() throws {
        let expected = try fixture("p06_bpe", as: BPEFixture.self)
        let bpe = try MetaspaceBPE.loadTokenizerJSON(from: Fixtures.url("p06_hf_tokenizer.json", in: .module))
        for sample in expected.encodings {
            #expect(bpe.encode(sample.text) == sample.ids, "\(sample.text)")
            #expect(bpe.decode(sample.ids) == sample.decoded, "\(sample.text)")
        }
    }

    @Test func loadsTheFileTokenizersSavedAndRoundTripsItsOwn() throws {
        let expected = try fixture("p06_bpe", as: BPEFixture.self)
        let trained = MetaspaceBPE.train(lines: try corpusLines(), vocabularySize: expected.vocab_size, specials: expected.specials)
        #expect(try MetaspaceBPE.loadTokenizerJSON(from: Fixtures.url("p06_hf_tokenizer.json", in: .module)) == trained)
        let url = try temporaryDirectory().appendingPathComponent("tokenizer.json")
        try trained.saveTokenizerJSON(to: url)
        #expect(try MetaspaceBPE.loadTokenizerJSON(from: url) == trained)
    }

    @Test func rejectsFilesThatAreNotAMetaspaceBPE() throws {
        let url = try temporaryDirectory().appendingPathComponent("tokenizer.json")
        try Data("{\"version\": \"1.0\"}".utf8).write(to: url)
        #expect(throws: TextFileError.self) { try MetaspaceBPE.loadTokenizerJSON(from: url) }
        #expect(throws: TextFileError.self) { try MetaspaceBPE.loadTokenizerJSON(from: url.appendingPathExtension("missing")) }
    }

    @Test func metaspaceWordsStartAtEachSpace() {
        let words = MetaspaceBPE.words("a  b").map { String(String.UnicodeScalarView($0)) }
        #expect(words == ["▁a", "▁", "▁b"])
    }
}

/// sacreBLEU 2.6.0's numbers for the same sentences (scripts/p06_fixtures.py).
private struct SacreBLEUFixture: Decodable {
    var hypotheses: [String], references: [String]
    var bleu: Double, counts: [Int], totals: [Int], chrf: Double
    var bleu_signature: String, chrf_signature: String
    var tokenized: [String]
}

@Suite struct SacreBLEUTests {
    @Test func chineseBLEUAndChrFMatchSacreBLEU() throws {
        let all = try fixture("p06_sacrebleu", as: [String: SacreBLEUFixture].self)
        for (language, tokenizer) in [("zh", BLEU.Tokenization.zh), ("en", .thirteenA)] {
            let f = try #require(all[language])
            let bleu = BLEU.corpusScore(hypotheses: f.hypotheses, references: [f.references], tokenizer: tokenizer)
            #expect(close(bleu.score, f.bleu), "\(language): \(bleu.score) vs \(f.bleu)")
            #expect(bleu.matches == f.counts && bleu.totals == f.totals)
            #expect(close(CHRF.corpusScore(hypotheses: f.hypotheses, references: [f.references]), f.chrf))
            #expect(BLEU.signature(tokenizer: tokenizer) == f.bleu_signature)
            #expect(CHRF.signature() == f.chrf_signature)
            if tokenizer == .zh { #expect(f.hypotheses.map { BLEU.tokenize13a(BLEU.splitChinese($0)) } == f.tokenized) }
        }
    }

    @Test func chrFOfIdenticalAndDisjointText() {
        #expect(CHRF.corpusScore(hypotheses: ["the cat"], references: [["the cat"]]) == 100)
        #expect(CHRF.corpusScore(hypotheses: ["xyz"], references: [["abc"]]) == 0)
    }
}
