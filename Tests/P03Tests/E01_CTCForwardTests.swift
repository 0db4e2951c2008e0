import ExerciseTesting
import Foundation
import Testing
@testable import P03

@Suite(.exercise("P03-E01")) struct P03_E01 {
    /// Two frames, three classes, all equally likely: "a" has the alignments a a, ∅ a, a ∅.
    @Test func threeAlignmentsOfOneLabel() throws {
        let uniform = [[Double]](repeating: [Double](repeating: log(1.0 / 3), count: 3), count: 2)
        let loss = try ctcNegativeLogLikelihood(logProbs: uniform, target: [1])
        #expect(abs(loss - -log(3.0 / 9)) < 1e-12)
    }

    /// "a a" needs a blank between the two a's: three frames, one alignment.
    @Test func repeatedLabelsNeedABlank() throws {
        let uniform = [[Double]](repeating: [Double](repeating: log(0.5), count: 2), count: 3)
        #expect(abs(try ctcNegativeLogLikelihood(logProbs: uniform, target: [1, 1]) - 3 * log(2.0)) < 1e-12)
        #expect(try ctcNegativeLogLikelihood(logProbs: Array(uniform.prefix(2)), target: [1, 1]) == .infinity)
    }
}
