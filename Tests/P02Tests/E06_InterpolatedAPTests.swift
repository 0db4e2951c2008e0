import ExerciseTesting
import Testing
@testable import P02

@Suite(.exercise("P02-E06")) struct P02_E06 {
    @Test func aPerfectRankingScoresOne() throws {
        #expect(abs(try interpolatedAP101(recall: [0.5, 1], precision: [1, 1]) - 1) < 1e-12)
    }

    @Test func precisionIsInterpolatedFromTheRight() throws {
        // Recall 0.5 at precision 0.5, then 1.0 at 2/3: every level up to 1 reads 2/3.
        let ap = try interpolatedAP101(recall: [0, 0.5, 1], precision: [0, 0.5, 2.0 / 3])
        #expect(abs(ap - 2.0 / 3) < 1e-12)
    }
}
