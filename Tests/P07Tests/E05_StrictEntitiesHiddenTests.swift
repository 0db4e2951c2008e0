import DeepLearning
import Testing
@testable import P07

@Suite struct P07_E05_Hidden {
    /// Against `seqeval.scheme.Entities(..., IOB2)` on 200 sentences, a third of them ill-formed.
    @Test func matchesSeqeval() throws {
        for (i, c) in try SeqevalCases.load().cases.enumerated() {
            #expect(try c.truth.map(strictIOB2Entities) == c.strictTruthEntities, "case \(i)")
        }
    }
}
