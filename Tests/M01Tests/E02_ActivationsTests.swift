import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E02")) struct M01_E02 {
    @Test(arguments: Activation.allCases)
    func forwardMatchesPyTorch(_ f: Activation) throws {
        let ref = try fixture("activations")
        try checkClose(try activationForward(f, ref.tensor("x")), ref.tensor("\(f.rawValue)_output"), rtol: 1e-10, "\(f.rawValue) forward")
    }

    @Test(arguments: Activation.allCases)
    func backwardMatchesPyTorch(_ f: Activation) throws {
        let ref = try fixture("activations")
        let got = try activationBackward(f, ref.tensor("x"), ref.tensor("gradOutput"))
        try checkClose(got, ref.tensor("\(f.rawValue)_gradInput"), rtol: 1e-10, "\(f.rawValue) backward")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M01_E02 {
    @Test(arguments: Activation.allCases)
    func matchesFiniteDifferencesOnOtherInputs(_ f: Activation) throws {
        let raw = randomTensor([3, 5], seed: 1021, scale: 2)
        let x = `where`(raw.abs() .< 0.1, raw + 0.3, raw)  // away from ReLU's kink at 0
        let seed = randomTensor([3, 5], seed: 1022)
        try checkGradient(
            of: { try activationForward(f, $0) }, at: x, analytic: try activationBackward(f, x, seed),
            seed: seed, tolerance: 1e-7, "\(f.rawValue) backward")
    }
}
