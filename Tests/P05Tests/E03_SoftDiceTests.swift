import ExerciseTesting
import Testing
@testable import P05

@Suite(.exercise("P05-E03")) struct P05_E03 {
    @Test func aPerfectPredictionHasNoLoss() throws {
        let (loss, gradient) = try diceLossAndGradient(probabilities: [1, 0, 1, 0], target: [1, 0, 1, 0], smooth: 0)
        #expect(abs(loss) < 1e-12)
        #expect(gradient.count == 4 && gradient[0] < gradient[1])
    }
}
