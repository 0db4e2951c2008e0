import DeepLearning
import Foundation
import Workbook
@testable import M01

/// A reference fixture of this lesson (`Fixtures/<name>.json`, written by generate_fixtures.py).
func fixture(_ name: String) throws -> ReferenceFixture {
    try ReferenceFixture.load(name, from: Bundle.module)
}

/// A float64 tensor of normal samples drawn from a private, seeded generator,
/// so tests running side by side never share a random stream.
func randomTensor(_ shape: [Int], seed: UInt64, scale: Double = 1) -> Tensor {
    Random.withSeed(seed) { Tensor.randn(shape, std: scale, dtype: .float64) }
}

/// Trains exercise M01-E12's classifier with `seed` and returns its accuracy on
/// the 1,000 held-out MNIST images.
/// Runs with a private generator, so tests training side by side cannot change its numbers.
func mnistHeldOutAccuracy(seed: UInt64) throws -> Double {
    try Random.withSeed(seed) {
        let mnist = try MNIST.subset5k(flatten: true)
        let model = try trainMNISTClassifier(train: mnist.train, seed: seed)
        return model.evaluate(mnist.test)["accuracy"] ?? 0
    }
}
