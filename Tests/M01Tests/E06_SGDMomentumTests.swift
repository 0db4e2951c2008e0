import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

/// Replays an optimizer fixture: the parameters after each of five steps.
func replayTrajectory(
    _ name: String, step: (_ parameter: Tensor, _ gradient: Tensor, _ index: Int) throws -> Tensor,
    file: String = #fileID, function: String = #function
) throws {
    let ref = try fixture(name)
    var p = try ref.tensor("initial")
    for i in 1...5 {
        p = try step(p, try ref.tensor("grad_\(i)"), i)
        try checkClose(
            p, try ref.tensor("after_\(i)"), rtol: 1e-9, atol: 1e-12, "\(name): parameters after step \(i)",
            file: file, function: function)
    }
}

@Suite(.exercise("M01-E06")) struct M01_E06 {
    @Test func matchesTorchSGDOverFiveSteps() throws {
        var velocity = Tensor.zeros([3, 2], dtype: .float64)
        try replayTrajectory("sgd_momentum") { p, g, i in
            // torch starts the velocity at the first gradient, which v = 0·μ + g gives too.
            let (params, velocities) = try sgdMomentumStep(parameters: [p], gradients: [g], velocities: [velocity], lr: 0.1, momentum: 0.9)
            velocity = velocities[0]
            return params[0]
        }
    }
}
