import DeepLearning

/// M02-E01 · 2-D convolution forward with plain loops. Docs/M02.md#m02-e01
///
/// `x` is [N, C, H, W], `weight` is [O, C, kH, kW], `bias` is [O] or nil. Zero padding
/// `padding` on every side, step `stride` in both directions. Return [N, O, outH, outW] with
/// outH = (H + 2·padding − kH) / stride + 1 (likewise outW), in `x`'s dtype:
///
///     y[n, o, i, j] = bias[o] + Σ_c Σ_u Σ_v weight[o, c, u, v] · x[n, c, i·stride − padding + u, j·stride − padding + v]
///
/// (a cross-correlation, as in every deep-learning library). Read the values with `.doubles`,
/// loop, and build the result with `Tensor(values, shape:, dtype:)`.
public func conv2dLoops(_ x: Tensor, _ weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0) throws -> Tensor {
    precondition(
        x.rank == 4 && weight.rank == 4 && x.shape[1] == weight.shape[1],
        "conv2dLoops: expected x [N, C, H, W] and weight [O, C, kH, kW], got \(x.shape) and \(weight.shape)")
    // BEGIN SOLUTION
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
    let (outH, outW) = ((h + 2 * padding - kh) / stride + 1, (w + 2 * padding - kw) / stride + 1)
    let xs = x.doubles, ws = weight.doubles, bs = bias?.doubles ?? [Double](repeating: 0, count: o)
    var y = [Double](repeating: 0, count: n * o * outH * outW)
    for b in 0..<n {
        for f in 0..<o {
            for i in 0..<outH {
                for j in 0..<outW {
                    var total = bs[f]
                    for ch in 0..<c {
                        for u in 0..<kh {
                            let row = i * stride - padding + u
                            guard row >= 0 && row < h else { continue }
                            for v in 0..<kw {
                                let col = j * stride - padding + v
                                guard col >= 0 && col < w else { continue }
                                total += ws[((f * c + ch) * kh + u) * kw + v] * xs[((b * c + ch) * h + row) * w + col]
                            }
                        }
                    }
                    y[((b * o + f) * outH + i) * outW + j] = total
                }
            }
        }
    }
    return Tensor(y, shape: [n, o, outH, outW], dtype: x.dtype)
    // END SOLUTION
}
