import Foundation
import Tensors

/// The sinusoidal position table of "Attention Is All You Need" (and d2l.ai), `[length, dim]`:
///
///     PE[pos, 2i] = sin(pos / base^(2i/dim))      PE[pos, 2i+1] = cos(pos / base^(2i/dim))
///
/// Every dimension pair is a rotation at its own frequency, so PE[pos + k] is a linear
/// function of PE[pos] and attention can pick out relative offsets.
public func sinusoidalPositionalEncoding(length: Int, dim: Int, base: Double = 10000, dtype: DType = .float32) -> Tensor {
    ExerciseTwins.called("sinusoidalPositionalEncoding", twinOf: ["M03-E08"])
    precondition(length >= 0 && dim > 0, "sinusoidalPositionalEncoding: length (\(length)) must be non-negative and dim (\(dim)) positive")
    var values = [Double](repeating: 0, count: length * dim)
    for pos in 0..<length {
        for column in 0..<dim {
            let angle = Double(pos) / Foundation.pow(base, Double(column / 2 * 2) / Double(dim))
            values[pos * dim + column] = column % 2 == 0 ? Foundation.sin(angle) : Foundation.cos(angle)
        }
    }
    return Tensor(values, shape: [length, dim], dtype: dtype)
}

/// Adds the sinusoidal table to a batch of embeddings, then applies dropout
/// (d2l's `PositionalEncoding`, the PyTorch tutorial's `PositionalEncoding`).
/// Inputs are `[B, T, dim]` (`batchFirst`, the default) or `[T, B, dim]`, with T ≤ `maxLength`.
/// The table is a constant: not a parameter, not saved in checkpoints.
public final class SinusoidalPositionalEncoding: Module {
    public let dim: Int, maxLength: Int
    public let dropout: Double
    public let batchFirst: Bool
    /// Wrapped so that reflection does not take the table for a parameter.
    private struct Table { let values: Tensor }
    private let table: Table

    public init(dim: Int, maxLength: Int = 5000, dropout: Double = 0, batchFirst: Bool = true) {
        precondition(dropout >= 0 && dropout <= 1, "SinusoidalPositionalEncoding: dropout must be in [0, 1], got \(dropout)")
        (self.dim, self.maxLength, self.dropout, self.batchFirst) = (dim, maxLength, dropout, batchFirst)
        table = Table(values: sinusoidalPositionalEncoding(length: maxLength, dim: dim))
        super.init()
    }

    /// The first `length` rows of the table, `[length, dim]`.
    public func encoding(length: Int) -> Tensor { table.values.slice(axis: 0, end: length) }

    public override func forward(_ x: Tensor) -> Tensor {
        let length = checkPositions(x, dim: dim, maxLength: maxLength, batchFirst: batchFirst, op: "SinusoidalPositionalEncoding")
        let positions = encoding(length: length).to(x.dtype)
        return NN.dropout(x + (batchFirst ? positions : positions.unsqueeze(axis: 1)), p: dropout, training: isTraining)
    }

    public override var extraDescription: String { "dim: \(dim), maxLength: \(maxLength)" }
}

/// A learned position table (BERT, GPT): `weight` `[maxLength, dim]`, N(0, 1) as
/// `nn.Embedding`'s, whose first T rows are added to inputs `[B, T, dim]` (or `[T, B, dim]`).
public final class LearnedPositionalEmbedding: Module {
    public let weight: Tensor
    public let batchFirst: Bool

    public init(dim: Int, maxLength: Int, batchFirst: Bool = true, dtype: DType = .float32) {
        precondition(maxLength > 0 && dim > 0, "LearnedPositionalEmbedding: sizes must be positive, got \(maxLength) x \(dim)")
        weight = Tensor.randn([maxLength, dim], dtype: dtype, requiresGrad: true)
        self.batchFirst = batchFirst
        super.init()
    }

    public var maxLength: Int { weight.shape[0] }
    public var dim: Int { weight.shape[1] }

    public override func forward(_ x: Tensor) -> Tensor {
        let length = checkPositions(x, dim: dim, maxLength: maxLength, batchFirst: batchFirst, op: "LearnedPositionalEmbedding")
        let positions = weight.slice(axis: 0, end: length)
        return x + (batchFirst ? positions : positions.unsqueeze(axis: 1))
    }

    public override var extraDescription: String { "maxLength: \(maxLength), dim: \(dim)" }
}

/// The sequence length of `x` (`[B, T, dim]` or `[T, B, dim]`), checked against the table.
private func checkPositions(_ x: Tensor, dim: Int, maxLength: Int, batchFirst: Bool, op: String) -> Int {
    precondition(
        x.rank == 3 && x.shape[2] == dim,
        "\(op): expected input of shape \(batchFirst ? "[B, T, \(dim)]" : "[T, B, \(dim)]"), got \(x.shape)")
    let length = x.shape[batchFirst ? 1 : 0]
    precondition(length <= maxLength, "\(op): sequence length \(length) exceeds maxLength \(maxLength)")
    return length
}
