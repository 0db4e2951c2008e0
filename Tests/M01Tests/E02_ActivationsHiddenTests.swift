import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E02")) struct M01_E02_Hidden {
    @Test(arguments: Activation.allCases)
    func backwardMatchesFiniteDifferences(_ f: Activation) throws {
        // Inputs kept away from ReLU's kink at 0.
        let raw = randomTensor([4, 6], seed: 21, scale: 2)
        let x = `where`(raw.abs() .< 0.1, raw + 0.3, raw)
        let seed = randomTensor([4, 6], seed: 22)
        try checkGradient(
            of: { try activationForward(f, $0) }, at: x, analytic: try activationBackward(f, x, seed),
            seed: seed, tolerance: 1e-7, "\(f.rawValue) backward")
    }

    @Test(arguments: Activation.allCases)
    func finiteForLargeInputs(_ f: Activation) throws {
        let x = Tensor([-1000, -50, 0, 50, 1000], dtype: .float64)
        let y = try activationForward(f, x).doubles
        try checkEqual([y.filter { !$0.isFinite }.count], [0], "\(f.rawValue) forward: outputs that are not finite")
        let g = try activationBackward(f, x, Tensor.ones([5], dtype: .float64)).doubles
        try checkEqual([g.filter { !$0.isFinite }.count], [0], "\(f.rawValue) backward: gradients that are not finite")
    }
}
