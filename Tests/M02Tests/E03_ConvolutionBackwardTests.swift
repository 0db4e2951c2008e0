import DeepLearning
import Testing
import Workbook
@testable import M02

@Suite struct M02_E03 {
    @Test(arguments: ["conv2d", "conv2d_plain"])
    func matchesPyTorch(name: String) throws {
        let ref = try fixture(name)
        let grads = try conv2dBackward(ref.tensor("x"), ref.tensor("weight"), gradOutput: ref.tensor("gradOutput"),
                                       stride: fixtureInt(ref, "stride"), padding: fixtureInt(ref, "padding"))
        try checkClose(grads.input, ref.tensor("gradInput"), rtol: 1e-10, atol: 1e-12, "∂L/∂x (\(name))")
        try checkClose(grads.weight, ref.tensor("gradWeight"), rtol: 1e-10, atol: 1e-12, "∂L/∂W (\(name))")
        try checkClose(grads.bias, ref.tensor("gradBias"), rtol: 1e-10, atol: 1e-12, "∂L/∂b (\(name))")
    }
}
