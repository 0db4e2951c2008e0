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

/// M01-E09's backward against finite differences on random `shape` inputs and a
/// random keep mask (seeds `seed`, `seed + 1`, `seed + 2`); public and hidden tests
/// call it with their own inputs, and the checks are recorded under the caller.
func checkDropoutBackward(shape: [Int], p: Double, seed: UInt64, file: String = #fileID, function: String = #function) throws {
    let x = randomTensor(shape, seed: seed)
    let mask = Random.withSeed(seed + 1) { Tensor.bernoulli(shape, p: 1 - p, dtype: .float64) }
    let upstream = randomTensor(shape, seed: seed + 2)
    try checkGradient(
        of: { try dropoutForward($0, keepMask: mask, p: p) }, at: x,
        analytic: try dropoutBackward(upstream, keepMask: mask, p: p), seed: upstream, "dropout backward",
        file: file, function: function)
}

/// M01-E10's ∂L/∂x and ∂L/∂γ against finite differences on a random [rows, features]
/// batch (seeds `seed` to `seed + 3`).
func checkBatchNormBackward(rows: Int, features: Int, seed: UInt64, file: String = #fileID, function: String = #function) throws {
    let x = randomTensor([rows, features], seed: seed, scale: 2)
    let (gamma, beta) = (randomTensor([features], seed: seed + 1), randomTensor([features], seed: seed + 2))
    let upstream = randomTensor([rows, features], seed: seed + 3)
    let state = BatchNormState(runningMean: Tensor.zeros([features], dtype: .float64), runningVar: Tensor.ones([features], dtype: .float64))
    let grads = try batchNormBackward(x, gamma: gamma, gradOutput: upstream)
    try checkGradient(
        of: { try batchNormForward($0, gamma: gamma, beta: beta, state: state, training: true).output },
        at: x, analytic: grads.input, seed: upstream, "∂L/∂x", file: file, function: function)
    try checkGradient(
        of: { try batchNormForward(x, gamma: $0, beta: beta, state: state, training: true).output },
        at: gamma, analytic: grads.gamma, seed: upstream, "∂L/∂γ", file: file, function: function)
}
