import DeepLearning

/// M02-E05 · Batch normalisation for images, training mode. Docs/M02.md#m02-e05
///
/// `x` is [N, C, H, W]; `gamma` and `beta` are [C]. Each channel is normalised with
/// the mean and the biased variance of all its N·H·W values:
///
///     y[n, c, h, w] = gamma[c] · (x[n, c, h, w] − μ_c) / √(σ²_c + eps) + beta[c]
///
/// Return y and the batch statistics μ [C] and σ² [C] (biased). Tensor operations
/// (`mean(axes:keepDims:)`, `reshape`, broadcasting) make this a few lines.
public func batchNorm2dForward(_ x: Tensor, gamma: Tensor, beta: Tensor, eps: Double = 1e-5) throws -> (output: Tensor, mean: Tensor, variance: Tensor) {
    precondition(
        x.rank == 4 && gamma.shape == [x.shape[1]] && beta.shape == [x.shape[1]],
        "batchNorm2dForward: expected x [N, C, H, W] and gamma, beta [C], got \(x.shape), \(gamma.shape), \(beta.shape)")
    // BEGIN SOLUTION
    let c = x.shape[1]
    let mean = x.mean(axes: [0, 2, 3], keepDims: true)
    let variance = ((x - mean) * (x - mean)).mean(axes: [0, 2, 3], keepDims: true)
    let y = gamma.reshape([1, c, 1, 1]) * (x - mean) / (variance + eps).sqrt() + beta.reshape([1, c, 1, 1])
    return (y, mean.reshape([c]), variance.reshape([c]))
    // END SOLUTION
}
