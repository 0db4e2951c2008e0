import DeepLearning
import Testing
import Workbook
@testable import M01

@Suite struct M01_E04 {
    @Test func matchesPyTorchIncludingHugeLogits() throws {
        let ref = try fixture("softmax_cross_entropy")
        let (loss, grad) = try softmaxCrossEntropy(logits: ref.tensor("logits"), labels: ref.tensor("labels"))
        #expect(loss.isFinite && grad.doubles.allSatisfy(\.isFinite), "logits of 1e4 must not overflow")
        try checkClose([loss], ref.values("loss"), rtol: 1e-10, "loss")
        try checkClose(grad, ref.tensor("gradLogits"), rtol: 1e-10, "∂L/∂logits")
    }
}
