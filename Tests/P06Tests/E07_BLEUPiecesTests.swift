import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E07")) struct P06_E07 {
    /// Papineni et al.'s example: "the the the the the the the" against "the cat is on the mat" gets 2/7.
    @Test func clippingAndBrevity() throws {
        let m = try clippedMatches(hypothesis: Array(repeating: "the", count: 7), references: [["the", "cat", "is", "on", "the", "mat"]], n: 1)
        #expect(m.matches == 2 && m.total == 7)
        #expect(try brevityPenalty(hypothesisLength: 10, referenceLength: 8) == 1)
    }
}
