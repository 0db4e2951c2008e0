import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E04")) struct M02_E04 {
    @Test(arguments: ["max_pool", "max_pool_overlap"])
    func forwardAndBackwardMatchPyTorch(name: String) throws {
        let ref = try fixture(name)
        let (x, k, s) = (try ref.tensor("x"), try fixtureInt(ref, "kernel"), try fixtureInt(ref, "stride"))
        try checkClose(try maxPool2d(x, kernelSize: k, stride: s), ref.tensor("output"), rtol: 0, atol: 0, "max pool output (\(name))")
        try checkClose(
            try maxPool2d(x, kernelSize: k, stride: s, gradOutput: ref.tensor("gradOutput")), ref.tensor("gradInput"),
            rtol: 1e-12, atol: 1e-14, "∂L/∂x (\(name))")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M02_E04 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let x = randomTensor([1, 2, 4, 4], seed: 2041), g = randomTensor([1, 2, 2, 2], seed: 2042)
        let grad = try maxPool2d(x, kernelSize: 2, stride: 2, gradOutput: g)
        try checkGradient(of: { try maxPool2d($0, kernelSize: 2, stride: 2) }, at: x, analytic: grad, seed: g, tolerance: 1e-5, h: 1e-6, "∂L/∂x")
    }
}
