import DeepLearning
import Testing
import Workbook
@testable import M01

@Suite struct M01_E02_Hidden {
    @Test(arguments: Activation.allCases)
    func backwardMatchesFiniteDifferences(_ f: Activation) throws {
        // Inputs kept away from ReLU's kink at 0.
        let raw = randomTensor([4, 6], seed: 21, scale: 2)
        let x = `where`(raw.abs() .< 0.1, raw + 0.3, raw)
        let seed = randomTensor([4, 6], seed: 22)
        try checkGradient(of: { try activationForward(f, $0) }, at: x, analytic: try activationBackward(f, x, seed),
                          seed: seed, tolerance: 1e-7, "\(f.rawValue) backward")
    }

    @Test(arguments: Activation.allCases)
    func finiteForLargeInputs(_ f: Activation) throws {
        let x = Tensor([-1000, -50, 0, 50, 1000], dtype: .float64)
        let y = try activationForward(f, x).doubles
        let finiteOutputs = y.allSatisfy { $0.isFinite }
        #expect(finiteOutputs, "\(f.rawValue) forward gave \(y) for inputs ±1000, ±50, 0")
        let g = try activationBackward(f, x, Tensor.ones([5], dtype: .float64)).doubles
        let finiteGradients = g.allSatisfy { $0.isFinite }
        #expect(finiteGradients, "\(f.rawValue) backward gave \(g)")
    }
}
