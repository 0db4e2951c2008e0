import DeepLearning
import Foundation

/// M03-E08 · The sinusoidal positional encoding of "Attention is all you need". Docs/M03.md#m03-e08
///
///     PE[pos, 2i]   = sin(pos / 10000^(2i/dim))
///     PE[pos, 2i+1] = cos(pos / 10000^(2i/dim))
///
/// Return a float64 tensor [length, dim] (`dim` even).
public func sinusoidalEncoding(length: Int, dim: Int) throws -> Tensor {
    precondition(dim > 0 && dim % 2 == 0, "sinusoidalEncoding: dim must be even and positive, got \(dim)")
    // BEGIN SOLUTION
    var values = [Double](repeating: 0, count: length * dim)
    for pos in 0..<length {
        for i in 0..<dim / 2 {
            let angle = Double(pos) / pow(10000, Double(2 * i) / Double(dim))
            values[pos * dim + 2 * i] = sin(angle)
            values[pos * dim + 2 * i + 1] = cos(angle)
        }
    }
    return Tensor(values, shape: [length, dim], dtype: .float64)
    // END SOLUTION
}
