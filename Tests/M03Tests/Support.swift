import DeepLearning
import Foundation
import Workbook
@testable import M03

/// A reference fixture of this lesson (`Fixtures/<name>.json`, written by generate_fixtures.py).
func fixture(_ name: String) throws -> ReferenceFixture {
    try ReferenceFixture.load(name, from: Bundle.module)
}

/// A float64 tensor of normal samples drawn from a private, seeded generator,
/// so tests running side by side never share a random stream.
func randomTensor(_ shape: [Int], seed: UInt64, scale: Double = 1) -> Tensor {
    Random.withSeed(seed) { Tensor.randn(shape, std: scale, dtype: .float64) }
}

/// Random weights of a recurrent cell with `gates` gates: W_ih [gates·hidden, input],
/// W_hh [gates·hidden, hidden] (scale 0.5) and both biases, from seeds `seed` to `seed + 3`.
func randomCellWeights(gates: Int, input: Int, hidden: Int, seed: UInt64) -> (wIH: Tensor, wHH: Tensor, bIH: Tensor, bHH: Tensor) {
    (
        randomTensor([gates * hidden, input], seed: seed, scale: 0.5), randomTensor([gates * hidden, hidden], seed: seed + 1, scale: 0.5),
        randomTensor([gates * hidden], seed: seed + 2), randomTensor([gates * hidden], seed: seed + 3)
    )
}

/// M03-E04's ∂h'/∂x and ∂c'/∂c against finite differences on random inputs
/// (seeds `seed` to `seed + 7`); public and hidden tests call it with their own sizes.
func checkLSTMCellGradients(
    batch: Int, input: Int, hidden: Int, seed: UInt64,
    file: String = #fileID, function: String = #function
) throws {
    let (h, c) = (randomTensor([batch, hidden], seed: seed), randomTensor([batch, hidden], seed: seed + 1))
    let (wIH, wHH, bIH, bHH) = randomCellWeights(gates: 4, input: input, hidden: hidden, seed: seed + 2)
    let (upstream, x) = (randomTensor([batch, hidden], seed: seed + 6), randomTensor([batch, input], seed: seed + 7))
    try checkGradient(
        of: { try lstmCell($0, h: h, c: c, weightIH: wIH, weightHH: wHH, biasIH: bIH, biasHH: bHH).h },
        at: x, seed: upstream, "∂h'/∂x", file: file, function: function)
    try checkGradient(
        of: { try lstmCell(x, h: h, c: $0, weightIH: wIH, weightHH: wHH, biasIH: bIH, biasHH: bHH).c },
        at: c, seed: upstream, "∂c'/∂c", file: file, function: function)
}
