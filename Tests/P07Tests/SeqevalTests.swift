import DeepLearning
import Testing
@testable import P07

/// The library's entity scores in both of seqeval's modes, against seqeval 1.2.2.
@Suite struct SeqevalTests {
    @Test func bothModesEqualSeqeval() throws {
        let cases = try SeqevalCases.load().cases
        #expect(cases.count >= 10)
        for (i, c) in cases.enumerated() {
            for (reading, expected) in [(EntityReading.lenient, c.default), (.strictIOB2, c.strict)] {
                let s = EntityScores(truth: c.truth, predicted: c.predicted, reading: reading).micro
                #expect(
                    abs(s.precision - expected.precision) < 1e-12 && abs(s.recall - expected.recall) < 1e-12
                        && abs(s.f1 - expected.f1) < 1e-12, "case \(i) \(reading): got \(s), seqeval \(expected)")
            }
            #expect(c.truth.map { entities(in: $0, reading: .strictIOB2) } == c.strictTruthEntities, "case \(i)")
        }
    }

    @Test func theModesDifferOnBrokenEntities() {
        let tags = ["O", "I-LOC", "I-LOC", "B-PER", "I-ORG"]
        #expect(entities(in: tags, reading: .lenient).map(\.description) == ["LOC[1...2]", "PER[3...3]", "ORG[4...4]"])
        #expect(entities(in: tags, reading: .strictIOB2).map(\.description) == ["PER[3...3]"])
    }
}
