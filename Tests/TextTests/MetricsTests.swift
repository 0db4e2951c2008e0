import Testing
@testable import Text

private struct BLEUFixture: Decodable {
    struct Stats: Decodable {
        var score: Double, matches: [Int], totals: [Int], precisions: [Double], bp: Double
        var hyp_len: Int, ref_len: Int
    }
    struct CorpusCase: Decodable {
        var name: String, hypotheses: [String], references: [[String]], lowercase: Bool?
        var stats: Stats
        enum CodingKeys: CodingKey { case name, hypotheses, references, lowercase }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            hypotheses = try c.decode([String].self, forKey: .hypotheses)
            references = try c.decode([[String]].self, forKey: .references)
            lowercase = try c.decodeIfPresent(Bool.self, forKey: .lowercase)
            stats = try Stats(from: decoder)
        }
    }
    struct SentenceCase: Decodable {
        var name: String, hypothesis: String, references: [String]
        var stats: Stats
        enum CodingKeys: CodingKey { case name, hypothesis, references }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            hypothesis = try c.decode(String.self, forKey: .hypothesis)
            references = try c.decode([String].self, forKey: .references)
            stats = try Stats(from: decoder)
        }
    }
    var corpus: [CorpusCase]
    var sentence: [SentenceCase]
    var tokenize13a: [[String: String]]
}

private func expectSame(_ score: BLEUScore, _ ref: BLEUFixture.Stats, _ name: String) {
    #expect(close(score.score, ref.score), "\(name): BLEU \(score.score) vs sacreBLEU \(ref.score)")
    #expect(score.matches == ref.matches, "\(name): matches")
    #expect(score.totals == ref.totals, "\(name): totals")
    #expect(zip(score.precisions, ref.precisions).allSatisfy { close($0, $1) }, "\(name): precisions \(score.precisions) vs \(ref.precisions)")
    #expect(close(score.brevityPenalty, ref.bp), "\(name): brevity penalty")
    #expect(score.hypothesisLength == ref.hyp_len && score.referenceLength == ref.ref_len, "\(name): lengths")
}

@Test func corpusBLEUMatchesSacreBLEU() throws {
    let fixture = try fixture("bleu", as: BLEUFixture.self)
    #expect(fixture.corpus.count >= 12)
    for c in fixture.corpus {
        let score = BLEU.corpusScore(hypotheses: c.hypotheses, references: c.references, lowercase: c.lowercase ?? false)
        expectSame(score, c.stats, c.name)
    }
}

@Test func sentenceBLEUMatchesSacreBLEU() throws {
    for c in try fixture("bleu", as: BLEUFixture.self).sentence {
        expectSame(BLEU.sentenceScore(hypothesis: c.hypothesis, references: c.references), c.stats, c.name)
    }
}

@Test func tokenizer13aMatchesSacreBLEU() throws {
    for c in try fixture("bleu", as: BLEUFixture.self).tokenize13a {
        #expect(BLEU.tokenize13a(c["input"]!) == c["output"]!, "13a tokenization of \(c["input"]!.debugDescription)")
    }
}

@Test func bleuOfPerfectAndDisjointOutputs() {
    #expect(close(BLEU.corpusScore(hypotheses: ["a b c d e"], references: [["a b c d e"]]).score, 100))
    #expect(BLEU.corpusScore(hypotheses: ["v w x y z"], references: [["a b c d e"]]).score == 0)
    #expect(BLEU.corpusScore(hypotheses: ["a b c d e"], references: [["a b c d e"]]).description.hasPrefix("BLEU = 100.00"))
}

private struct SeqevalFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var truth: [[String]], predicted: [[String]]
        var truth_entities: [[JSONValue]], predicted_entities: [[JSONValue]]
        var per_type: [String: [Double]]
        var accuracy: Double
        var micro: [Double], macro: [Double]?, weighted: [Double]?
    }
    var cases: [Case]
}

/// A string or a number in a JSON array.
private enum JSONValue: Decodable {
    case string(String), number(Double)
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .string(s) } else { self = .number(try c.decode(Double.self)) }
    }
    var string: String? { if case let .string(s) = self { return s } else { return nil } }
    var int: Int? { if case let .number(n) = self { return Int(n) } else { return nil } }
}

@Test func entitiesMatchSeqeval() throws {
    for c in try fixture("seqeval", as: SeqevalFixture.self).cases {
        let expected = c.truth_entities.map { Entity(type: $0[0].string!, start: $0[1].int!, end: $0[2].int!) }
        #expect(entities(in: c.truth) == expected, "\(c.name): entities of truth")
        let expectedPredicted = c.predicted_entities.map { Entity(type: $0[0].string!, start: $0[1].int!, end: $0[2].int!) }
        #expect(entities(in: c.predicted) == expectedPredicted, "\(c.name): entities of prediction")
    }
}

@Test func entityScoresMatchSeqeval() throws {
    let cases = try fixture("seqeval", as: SeqevalFixture.self).cases
    #expect(cases.count >= 10)
    func same(_ s: PrecisionRecallF1, _ ref: [Double]) -> Bool {
        close(s.precision, ref[0]) && close(s.recall, ref[1]) && close(s.f1, ref[2])
    }
    for c in cases {
        let scores = EntityScores(truth: c.truth, predicted: c.predicted)
        #expect(Set(scores.perType.keys) == Set(c.per_type.keys), "\(c.name): types")
        for (type, ref) in c.per_type {
            let s = try #require(scores.perType[type])
            #expect(same(s, ref) && s.support == Int(ref[3]), "\(c.name) \(type): \(s) vs \(ref)")
        }
        #expect(same(scores.micro, c.micro), "\(c.name): micro \(scores.micro) vs \(c.micro)")
        if let macro = c.macro { #expect(same(scores.macro, macro), "\(c.name): macro") }
        if let weighted = c.weighted { #expect(same(scores.weighted, weighted), "\(c.name): weighted") }
        #expect(close(accuracy(truth: c.truth, predicted: c.predicted), c.accuracy), "\(c.name): accuracy")
    }
}

@Test func accuracyIgnoresPadding() {
    #expect(accuracy(truth: [1, 2, 3, 0], predicted: [1, 2, 0, 0], ignoring: 0) == 2.0 / 3.0)
    #expect(accuracy(truth: [1, 2], predicted: [1, 2]) == 1)
    #expect(accuracy(truth: [0, 0], predicted: [1, 1], ignoring: 0) == 0)
}

@Test func mismatchedLabelCountsStop() async {
    await #expect(processExitsWith: .failure) { _ = accuracy(truth: [1, 2], predicted: [1]) }
    await #expect(processExitsWith: .failure) { _ = EntityScores(truth: [["O"]], predicted: [["O", "O"]]) }
}
