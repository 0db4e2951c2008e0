import DeepLearning

/// P06-E02 · The inverse-square-root schedule with linear warmup. Docs/P06.md#p06-e02
///
/// The learning rate at optimizer step `step` (counting from 1; treat 0 as 1): it rises
/// linearly to `peak` at step `warmup`, then decays as 1/√step:
///
///     lr(s) = peak · min(s / warmup, √(warmup / s))
public func warmupLearningRate(step: Int, peak: Double, warmup: Int) throws -> Double {
    precondition(warmup > 0, "warmupLearningRate: warmup must be positive")
    // BEGIN SOLUTION
    let s = Double(max(step, 1)), w = Double(warmup)
    return peak * min(s / w, (w / s).squareRoot())
    // END SOLUTION
}
