import ExerciseTesting
import Testing
@testable import P02

@Suite(.exercise("P02-E04")) struct P02_E04 {
    @Test func theMetricMultipliesScoreAndOverlap() throws {
        let (metrics, _) = try taskAlignedPositives(scores: [0.25, 0.81], ious: [0.5, -0.2], inside: [true, true])
        #expect(abs(metrics[0] - 0.5 * 0.015625) < 1e-12 && metrics[1] == 0)
    }

    @Test func onlyTheTopKInsideTheBoxArePositives() throws {
        let result = try taskAlignedPositives(
            scores: [0.9, 0.8, 0.9, 0.5, 0.7], ious: [0.9, 0.9, 0.95, 0.9, 0.5],
            inside: [true, true, false, true, true], topK: 2)
        #expect(result.positives == [0, 1])
    }
}
