import DeepLearning

/// M02-E11 · Soft Dice loss and its gradient. Docs/M02.md#m02-e11
///
/// `probabilities` and `target` are [N, 1, H, W] (foreground probability and a 0/1 mask).
/// Per sample n, with sums over the pixels,
///
///     I_n = 2 Σ p·t + smooth      D_n = Σ p + Σ t + smooth      L = 1 − (1/N) Σ_n I_n / D_n
///
/// Return L (a scalar tensor) and ∂L/∂p (shaped like `probabilities`), written out by
/// the quotient rule, not by `backward()`.
public func diceLoss(_ probabilities: Tensor, _ target: Tensor, smooth: Double = 1) throws -> (loss: Tensor, gradient: Tensor) {
    precondition(
        probabilities.rank == 4 && probabilities.shape[1] == 1 && probabilities.shape == target.shape,
        "diceLoss: expected probabilities and target [N, 1, H, W], got \(probabilities.shape) and \(target.shape)")
    // BEGIN SOLUTION
    let n = Double(probabilities.shape[0])
    let overlap = 2 * (probabilities * target).sum(axes: [1, 2, 3], keepDims: true) + smooth
    let total = probabilities.sum(axes: [1, 2, 3], keepDims: true) + target.sum(axes: [1, 2, 3], keepDims: true) + smooth
    let loss = 1 - (overlap / total).mean()
    let gradient = -(2 * target * total - overlap) / (total * total) / n
    return (loss, gradient)
    // END SOLUTION
}
