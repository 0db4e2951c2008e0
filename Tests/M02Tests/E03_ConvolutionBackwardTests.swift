import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E03")) struct M02_E03 {
    @Test(arguments: ["conv2d", "conv2d_plain"])
    func matchesPyTorch(name: String) throws {
        let ref = try fixture(name)
        let grads = try conv2dBackward(
            ref.tensor("x"), ref.tensor("weight"), gradOutput: ref.tensor("gradOutput"),
            stride: fixtureInt(ref, "stride"), padding: fixtureInt(ref, "padding"))
        try checkClose(grads.input, ref.tensor("gradInput"), rtol: 1e-10, atol: 1e-12, "∂L/∂x (\(name))")
        try checkClose(grads.weight, ref.tensor("gradWeight"), rtol: 1e-10, atol: 1e-12, "∂L/∂W (\(name))")
        try checkClose(grads.bias, ref.tensor("gradBias"), rtol: 1e-10, atol: 1e-12, "∂L/∂b (\(name))")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M02_E03 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let x = randomTensor([1, 2, 5, 4], seed: 2031), w = randomTensor([2, 2, 3, 3], seed: 2032), b = randomTensor([2], seed: 2033)
        let (s, p) = (SpatialSize(1), SpatialSize(1))
        let g = randomTensor(ExerciseTwins.unwatched { conv2d(x, w, stride: s, padding: p) }.shape, seed: 2034)
        let grads = try conv2dBackward(x, w, gradOutput: g, stride: 1, padding: 1)
        try checkGradient(of: { conv2d($0, w, bias: b, stride: s, padding: p) }, at: x, analytic: grads.input, seed: g, "∂L/∂x")
        try checkGradient(of: { conv2d(x, $0, bias: b, stride: s, padding: p) }, at: w, analytic: grads.weight, seed: g, "∂L/∂W")
        try checkGradient(of: { conv2d(x, w, bias: $0, stride: s, padding: p) }, at: b, analytic: grads.bias, seed: g, "∂L/∂b")
    }
}
