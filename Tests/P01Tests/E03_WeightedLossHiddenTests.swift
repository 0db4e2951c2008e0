import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P01

@Suite(.exercise("P01-E03")) struct P01_E03_Hidden {
    struct Case: Decodable { let labels: [Int], classes: Int, weights: [Double] }
    struct Fixture: Decodable { let class_weights: [Case] }

    /// The weights against scikit-learn's `compute_class_weight("balanced")` (scripts/p01_fixtures.py);
    /// the loss against the library's `crossEntropy(weight:)` (itself checked against PyTorch), on large logits too.
    @Test func matchesScikitLearnAndTheLibraryLoss() throws {
        let fixture = try Fixtures.decode(Fixture.self, "metrics.json", in: .module)
        for c in fixture.class_weights {
            try checkClose(try classWeights(labels: c.labels, classes: c.classes), c.weights, rtol: 1e-12, atol: 0, "class weights of \(c.classes) classes")
        }
        var generator = Generator(seed: 3)
        let labels = (0..<40).map { _ in Int(generator.next() % 4) } + [0, 1, 2, 3]
        let logits = labels.map { _ in (0..<4).map { _ in 40 * (generator.uniform() - 0.5) } }
        let weights = [0.7, 1.9, 0.4, 1.0]
        let reference = ExerciseTwins.unwatched {
            crossEntropy(
                Tensor(logits.flatMap { $0 }, shape: [labels.count, 4], dtype: .float64), Tensor(ints: labels),
                weight: Tensor(weights, shape: [4], dtype: .float64)
            ).item
        }
        let loss = try weightedCrossEntropy(logits: logits, targets: labels, weights: weights)
        try checkClose([loss], [reference], rtol: 1e-9, atol: 1e-9, "weighted loss")
        try checkClose(try classWeights(labels: [0, 0], classes: 3), [2.0 / 6, 0, 0], rtol: 0, atol: 0, "weights with absent classes")
    }
}
