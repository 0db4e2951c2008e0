import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E07")) struct M01_E07 {
    @Test func matchesTorchAdamOverFiveSteps() throws {
        var moments = AdamMoments(m: Tensor.zeros([3, 2], dtype: .float64), v: Tensor.zeros([3, 2], dtype: .float64))
        try replayTrajectory("adam") { p, g, step in
            let result = try adamStep(parameter: p, gradient: g, moments: moments, step: step, lr: 0.01)
            moments = result.moments
            return result.parameter
        }
    }
}
