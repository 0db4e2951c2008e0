import DeepLearning
import Testing
import Workbook
@testable import M01

@Suite struct M01_E03 {
    @Test func matchesPyTorch() throws {
        let ref = try fixture("linear_backward")
        let grads = try linearBackward(x: ref.tensor("x"), weight: ref.tensor("weight"), gradOutput: ref.tensor("gradOutput"))
        try checkClose(grads.input, ref.tensor("gradInput"), rtol: 1e-10, "∂L/∂x")
        try checkClose(grads.weight, ref.tensor("gradWeight"), rtol: 1e-10, "∂L/∂W")
        try checkClose(grads.bias, ref.tensor("gradBias"), rtol: 1e-10, "∂L/∂b")
    }
}
