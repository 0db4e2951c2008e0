import DeepLearning
import Foundation
import Workbook

/// A reference fixture of this lesson (`Fixtures/<name>.json`, written by generate_fixtures.py).
func fixture(_ name: String) throws -> ReferenceFixture {
    try ReferenceFixture.load(name, from: Bundle.module)
}

/// A float64 tensor of normal samples drawn from a private, seeded generator,
/// so tests running side by side never share a random stream.
func randomTensor(_ shape: [Int], seed: UInt64, scale: Double = 1) -> Tensor {
    Random.withSeed(seed) { Tensor.randn(shape, std: scale, dtype: .float64) }
}
