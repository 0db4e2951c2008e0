import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E03")) struct M01_E03 {
    @Test func matchesPyTorch() throws {
        let ref = try fixture("linear_backward")
        let grads = try linearBackward(x: ref.tensor("x"), weight: ref.tensor("weight"), gradOutput: ref.tensor("gradOutput"))
        try checkClose(grads.input, ref.tensor("gradInput"), rtol: 1e-10, "∂L/∂x")
        try checkClose(grads.weight, ref.tensor("gradWeight"), rtol: 1e-10, "∂L/∂W")
        try checkClose(grads.bias, ref.tensor("gradBias"), rtol: 1e-10, "∂L/∂b")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M01_E03 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let x = randomTensor([3, 4], seed: 1031), w = randomTensor([2, 4], seed: 1032), b = randomTensor([2], seed: 1033)
        let g = randomTensor([3, 2], seed: 1034)
        let grads = try linearBackward(x: x, weight: w, gradOutput: g)
        try checkGradient(of: { $0.matmul(w.T) + b }, at: x, analytic: grads.input, seed: g, "∂L/∂x")
        try checkGradient(of: { x.matmul($0.T) + b }, at: w, analytic: grads.weight, seed: g, "∂L/∂W")
        try checkGradient(of: { x.matmul(w.T) + $0 }, at: b, analytic: grads.bias, seed: g, "∂L/∂b")
    }
}
