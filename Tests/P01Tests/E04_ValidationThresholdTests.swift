import ExerciseTesting
import Testing
@testable import P01

@Suite(.exercise("P01-E04")) struct P01_E04 {
    @Test func separatesSeparableScores() throws {
        let t = try f1Threshold(scores: [0.1, 0.2, 0.3, 0.35, 0.9], labels: [0, 0, 1, 1, 1])
        #expect(t == 0.25)
    }
}
