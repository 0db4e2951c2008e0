import DeepLearning

/// M02-E02 · im2col: unfold every receptive field into a column. Docs/M02.md#m02-e02
///
/// `x` is [N, C, H, W]. Return [N, C·k·k, L] (`torch.nn.functional.unfold`), where
/// L = outH·outW positions in row-major order and row (c·k + u)·k + v of column
/// (i·outW + j) holds x[n, c, i·stride − padding + u, j·stride − padding + v] (0 outside
/// the image). Then a convolution is one matrix product:
/// `weight.reshape([O, C·k·k]).matmul(cols)` is [N, O, L] (see `conv2dByIm2col`).
public func im2col(_ x: Tensor, kernelSize k: Int, stride: Int = 1, padding: Int = 0) throws -> Tensor {
    precondition(x.rank == 4, "im2col: expected x [N, C, H, W], got \(x.shape)")
    // BEGIN SOLUTION
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (outH, outW) = ((h + 2 * padding - k) / stride + 1, (w + 2 * padding - k) / stride + 1)
    let (rows, positions) = (c * k * k, outH * outW)
    let xs = x.doubles
    var cols = [Double](repeating: 0, count: n * rows * positions)
    for b in 0..<n {
        for ch in 0..<c {
            for u in 0..<k {
                for v in 0..<k {
                    let r = (ch * k + u) * k + v
                    for i in 0..<outH {
                        let row = i * stride - padding + u
                        guard row >= 0 && row < h else { continue }
                        for j in 0..<outW {
                            let col = j * stride - padding + v
                            guard col >= 0 && col < w else { continue }
                            cols[(b * rows + r) * positions + i * outW + j] = xs[((b * c + ch) * h + row) * w + col]
                        }
                    }
                }
            }
        }
    }
    return Tensor(cols, shape: [n, rows, positions], dtype: x.dtype)
    // END SOLUTION
}

/// A convolution as im2col followed by one matrix product per image (the library's
/// convolution does the same through BLAS). Uses your `im2col`.
public func conv2dByIm2col(_ x: Tensor, _ weight: Tensor, stride: Int = 1, padding: Int = 0) throws -> Tensor {
    let (o, k) = (weight.shape[0], weight.shape[2])
    let cols = try im2col(x, kernelSize: k, stride: stride, padding: padding)  // [N, C·k·k, L]
    let y = weight.reshape([1, o, -1]).matmul(cols)  // [N, O, L]
    let outH = (x.shape[2] + 2 * padding - k) / stride + 1
    return y.reshape([x.shape[0], o, outH, -1])
}
