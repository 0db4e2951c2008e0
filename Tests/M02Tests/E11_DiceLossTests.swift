import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E11")) struct M02_E11 {
    @Test func lossAndGradientMatchPyTorch() throws {
        let ref = try fixture("dice")
        let (loss, gradient) = try diceLoss(ref.tensor("probabilities"), ref.tensor("target"))
        try checkClose(loss.reshape([1]), ref.tensor("loss").reshape([1]), rtol: 1e-10, "Dice loss")
        try checkClose(gradient, ref.tensor("gradient"), rtol: 1e-9, atol: 1e-12, "∂L/∂p")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M02_E11 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let p = Random.withSeed(2111) { Tensor.uniform([1, 1, 4, 3], low: 0.05, high: 0.95, dtype: .float64) }
        let t = Random.withSeed(2112) { Tensor.bernoulli([1, 1, 4, 3], p: 0.5, dtype: .float64) }
        let gradient = try diceLoss(p, t, smooth: 1).gradient
        try checkGradient(of: { try diceLoss($0, t, smooth: 1).loss }, at: p, analytic: gradient, "∂L/∂p")
    }
}
