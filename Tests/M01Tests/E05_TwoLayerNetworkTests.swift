import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E05")) struct M01_E05 {
    @Test func matchesPyTorch() throws {
        let ref = try fixture("two_layer")
        let p = TwoLayerParameters(w1: try ref.tensor("w1"), b1: try ref.tensor("b1"), w2: try ref.tensor("w2"), b2: try ref.tensor("b2"))
        let (loss, grads) = try twoLayerLossAndGradients(x: ref.tensor("x"), labels: ref.tensor("labels"), parameters: p)
        try checkClose([loss], ref.values("loss"), rtol: 1e-10, "loss")
        try checkClose(grads.w1, ref.tensor("grad_w1"), rtol: 1e-9, "∂L/∂W1")
        try checkClose(grads.b1, ref.tensor("grad_b1"), rtol: 1e-9, "∂L/∂b1")
        try checkClose(grads.w2, ref.tensor("grad_w2"), rtol: 1e-9, "∂L/∂W2")
        try checkClose(grads.b2, ref.tensor("grad_b2"), rtol: 1e-9, "∂L/∂b2")
    }
}
