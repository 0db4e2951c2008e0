import DeepLearning

/// Running statistics of a batch-norm layer, as `BatchNorm1d` keeps them.
public struct BatchNormState {
    public var runningMean: Tensor, runningVar: Tensor
    public init(runningMean: Tensor, runningVar: Tensor) { (self.runningMean, self.runningVar) = (runningMean, runningVar) }
}

/// M01-E10 · Batch normalisation forward, in training and evaluation mode. Docs/M01.md#m01-e10
///
/// `x` is [N, D]. Training: normalise with the batch mean and biased variance,
/// y = γ(x-μ)/√(σ²+ε) + β, and update the running statistics with `momentum`
/// as PyTorch does (running = (1-momentum)·running + momentum·batch, using the
/// *unbiased* batch variance for runningVar). Evaluation: normalise with the
/// running statistics and leave them unchanged.
public func batchNormForward(
    _ x: Tensor, gamma: Tensor, beta: Tensor, state: BatchNormState, training: Bool,
    momentum: Double = 0.1, eps: Double = 1e-5
) throws -> (output: Tensor, state: BatchNormState) {
    // BEGIN SOLUTION
    guard training else {
        return (gamma * (x - state.runningMean) / (state.runningVar + eps).sqrt() + beta, state)
    }
    let n = Double(x.shape[0])
    let mean = x.mean(axis: 0)
    let variance = x.variance(axis: 0, unbiased: false)
    let y = gamma * (x - mean) / (variance + eps).sqrt() + beta
    let updated = BatchNormState(
        runningMean: (1 - momentum) * state.runningMean + momentum * mean,
        runningVar: (1 - momentum) * state.runningVar + momentum * variance * (n / (n - 1)))
    return (y, updated)
    // END SOLUTION
}

/// M01-E10 · Batch normalisation backward (training mode). Docs/M01.md#m01-e10
///
/// Return ∂L/∂x, ∂L/∂γ and ∂L/∂β given ∂L/∂y. Use the compact form:
/// dx = (γ/√(σ²+ε))·(dy - mean(dy) - x̂·mean(dy·x̂)), means over the batch.
public func batchNormBackward(_ x: Tensor, gamma: Tensor, gradOutput dy: Tensor, eps: Double = 1e-5) throws -> (input: Tensor, gamma: Tensor, beta: Tensor) {
    // BEGIN SOLUTION
    let mean = x.mean(axis: 0)
    let invStd = 1 / (x.variance(axis: 0, unbiased: false) + eps).sqrt()
    let xHat = (x - mean) * invStd
    let dx = gamma * invStd * (dy - dy.mean(axis: 0) - xHat * (dy * xHat).mean(axis: 0))
    return (dx, (dy * xHat).sum(axis: 0), dy.sum(axis: 0))
    // END SOLUTION
}
