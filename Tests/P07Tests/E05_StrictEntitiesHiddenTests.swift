import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P07

@Suite(.exercise("P07-E05")) struct P07_E05_Hidden {
    /// Against `seqeval.scheme.Entities(..., IOB2)` on 200 sentences, a third of them ill-formed.
    @Test func matchesSeqeval() throws {
        for (i, c) in try SeqevalCases.load().cases.enumerated() {
            let got = try c.truth.map(strictIOB2Entities), expected = c.strictTruthEntities
            try checkEqual(
                got.map { $0.map(\.description).joined(separator: " ") },
                expected.map { $0.map(\.description).joined(separator: " ") }, "entities of case \(i), per sentence")
        }
    }
}
