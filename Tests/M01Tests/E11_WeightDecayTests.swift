import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E11")) struct M01_E11 {
    @Test(arguments: [("adam_l2", false), ("adamw", true)])
    func matchesTorch(fixtureName: String, decoupled: Bool) throws {
        var moments = AdamMoments(m: Tensor.zeros([3, 2], dtype: .float64), v: Tensor.zeros([3, 2], dtype: .float64))
        try replayTrajectory(fixtureName) { p, g, step in
            let result = try weightDecayStep(parameter: p, gradient: g, moments: moments, step: step, lr: 0.01, weightDecay: 0.1, decoupled: decoupled)
            moments = result.moments
            return result.parameter
        }
    }
}
