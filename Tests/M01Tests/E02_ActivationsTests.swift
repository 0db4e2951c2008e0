import DeepLearning
import Testing
import Workbook
@testable import M01

@Suite struct M01_E02 {
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
