import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E01")) struct M01_E01_Hidden {
    @Test func oneEpochOfANDFollowsTheRule() throws {
        // By hand: only (1,1) is misclassified (predicted 0), so w = [1, 1], b = 1 after one epoch.
        let points = Tensor([0, 0, 0, 1, 1, 0, 1, 1], shape: [4, 2], dtype: .float64)
        let (w, b) = try trainPerceptron(inputs: points, targets: Tensor([0, 0, 0, 1], dtype: .float64), epochs: 1)
        try checkClose(w.doubles, [1, 1], "weights after one epoch")
        try checkClose([b], [1], "bias after one epoch")
    }

    @Test func separatesARandomSeparableSet() throws {
        let x = randomTensor([40, 3], seed: 11)
        let labels = Tensor((x.matmul(Tensor([1.5, -2, 0.5], shape: [3], dtype: .float64)) .> 0.2).doubles, dtype: .float64)
        let (w, b) = try trainPerceptron(inputs: x, targets: labels, epochs: 500, lr: 0.1)
        let accuracy = (((x.matmul(w) + b) .> 0) .== labels).mean().item
        try checkAtLeast(accuracy, 1.0, "training accuracy on a linearly separable set")
    }
}
