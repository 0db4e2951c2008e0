import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E05")) struct P06_E05 {
    /// The longer hypothesis has the lower log-probability but wins once lengths are normalised.
    @Test func penaltyFavoursTheLongerHypothesis() throws {
        let hypotheses = [(tokens: [5, 1], logProb: -2.0), (tokens: [5, 6, 7, 8, 9, 1], logProb: -2.4)]
        #expect(try bestByLengthPenalty(hypotheses, alpha: 0) == 0)
        #expect(try bestByLengthPenalty(hypotheses, alpha: 1) == 1)
        #expect(try bestByLengthPenalty([], alpha: 0.6) == nil)
    }
}
