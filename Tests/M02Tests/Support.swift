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

/// An integer stored in a fixture as a one-element entry.
func fixtureInt(_ ref: ReferenceFixture, _ key: String) throws -> Int {
    Int(try ref.values(key)[0])
}

/// `n` valid xyxy boxes [n, 4] (float64) in a 100×100 picture, from the global generator.
func randomBoxes(_ n: Int) -> Tensor {
    let corner = Tensor.uniform([n, 2], low: 0, high: 70, dtype: .float64)
    let size = Tensor.uniform([n, 2], low: 2, high: 30, dtype: .float64)
    return concat([corner, corner + size], axis: 1)
}
