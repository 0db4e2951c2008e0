import DeepLearning

/// M02-E04 · Max pooling forward and backward. Docs/M02.md#m02-e04
///
/// `x` is [N, C, H, W]; windows of `kernelSize`×`kernelSize` every `stride` pixels, no
/// padding; outH = (H − kernelSize) / stride + 1 (likewise outW).
///
/// - forward: [N, C, outH, outW], the maximum of each window;
/// - backward: ∂L/∂x shaped like `x`. Each output's gradient goes, whole, to the input
///   that was its window's maximum (the first in row-major order on ties, as PyTorch);
///   overlapping windows add their gradients.
///
/// Both directions return `x`'s dtype; `gradOutput` is nil for the forward pass.
public func maxPool2d(_ x: Tensor, kernelSize k: Int, stride: Int, gradOutput: Tensor? = nil) throws -> Tensor {
    precondition(x.rank == 4, "maxPool2d: expected x [N, C, H, W], got \(x.shape)")
    // BEGIN SOLUTION
    let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
    let (outH, outW) = ((h - k) / stride + 1, (w - k) / stride + 1)
    let xs = x.doubles
    var winners: [Int] = []  // flat index of each window's maximum
    for p in 0..<planes {
        for i in 0..<outH {
            for j in 0..<outW {
                var best = -1
                for u in 0..<k {
                    for v in 0..<k {
                        let index = (p * h + i * stride + u) * w + j * stride + v
                        if best < 0 || xs[index] > xs[best] { best = index }
                    }
                }
                winners.append(best)
            }
        }
    }
    guard let gradOutput else {
        return Tensor(winners.map { xs[$0] }, shape: [x.shape[0], x.shape[1], outH, outW], dtype: x.dtype)
    }
    var dx = [Double](repeating: 0, count: xs.count)
    for (g, index) in zip(gradOutput.doubles, winners) { dx[index] += g }
    return Tensor(dx, shape: x.shape, dtype: x.dtype)
    // END SOLUTION
}
