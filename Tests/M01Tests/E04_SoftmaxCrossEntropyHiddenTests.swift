import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E04")) struct M01_E04_Hidden {
    @Test func gradientMatchesFiniteDifferences() throws {
        let logits = randomTensor([6, 5], seed: 41, scale: 3)
        let labels = Tensor(ints: [0, 4, 2, 2, 1, 3])
        let (_, grad) = try softmaxCrossEntropy(logits: logits, labels: labels)
        try checkGradient(
            of: { Tensor(try softmaxCrossEntropy(logits: $0, labels: labels).loss, dtype: .float64) },
            at: logits, analytic: grad, "∂L/∂logits")
    }

    @Test func shiftingARowChangesNothing() throws {
        let logits = randomTensor([3, 4], seed: 42)
        let labels = Tensor(ints: [3, 0, 1])
        let plain = try softmaxCrossEntropy(logits: logits, labels: labels)
        let shifted = try softmaxCrossEntropy(logits: logits + Tensor([100, -50, 7], shape: [3, 1], dtype: .float64), labels: labels)
        try checkClose([shifted.loss], [plain.loss], rtol: 1e-9, "loss after adding a constant to each row")
        try checkClose(shifted.gradLogits, plain.gradLogits, rtol: 1e-9, atol: 1e-12, "gradient after adding a constant to each row")
    }
}
