import DeepLearning

/// Gradients of a 2-D convolution.
public struct ConvolutionGradients {
    public var input: Tensor, weight: Tensor, bias: Tensor
    public init(input: Tensor, weight: Tensor, bias: Tensor) { (self.input, self.weight, self.bias) = (input, weight, bias) }
}

/// M02-E03 · The backward pass of a 2-D convolution. Docs/M02.md#m02-e03
///
/// Same layout as M02-E01. Given ∂L/∂y [N, O, outH, outW], return ∂L/∂x [N, C, H, W],
/// ∂L/∂W [O, C, kH, kW] and ∂L/∂b [O]. Every product w·x in the forward sum sends
/// dy·x to dW and dy·w to dx; db sums dy over items and positions. Don't call `backward()`.
public func conv2dBackward(_ x: Tensor, _ weight: Tensor, gradOutput dy: Tensor, stride: Int = 1, padding: Int = 0) throws -> ConvolutionGradients {
    // BEGIN SOLUTION
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
    let (outH, outW) = (dy.shape[2], dy.shape[3])
    let xs = x.doubles, ws = weight.doubles, gs = dy.doubles
    var dx = [Double](repeating: 0, count: xs.count), dw = [Double](repeating: 0, count: ws.count)
    var db = [Double](repeating: 0, count: o)
    for b in 0..<n {
        for f in 0..<o {
            for i in 0..<outH {
                for j in 0..<outW {
                    let g = gs[((b * o + f) * outH + i) * outW + j]
                    db[f] += g
                    for ch in 0..<c {
                        for u in 0..<kh {
                            let row = i * stride - padding + u
                            guard row >= 0 && row < h else { continue }
                            for v in 0..<kw {
                                let col = j * stride - padding + v
                                guard col >= 0 && col < w else { continue }
                                let (wi, xi) = (((f * c + ch) * kh + u) * kw + v, ((b * c + ch) * h + row) * w + col)
                                dw[wi] += g * xs[xi]
                                dx[xi] += g * ws[wi]
                            }
                        }
                    }
                }
            }
        }
    }
    return ConvolutionGradients(
        input: Tensor(dx, shape: x.shape, dtype: x.dtype),
        weight: Tensor(dw, shape: weight.shape, dtype: weight.dtype),
        bias: Tensor(db, shape: [o], dtype: weight.dtype))
    // END SOLUTION
}
