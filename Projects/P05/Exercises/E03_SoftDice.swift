import Foundation

/// P05-E03 · The soft Dice loss of one channel and its gradient. Docs/P05.md#p05-e03
///
/// For probabilities p and a 0/1 target t over all voxels, with I = Σ pᵢtᵢ, P = Σ pᵢ, T = Σ tᵢ:
///
///     loss = 1 − (2I + smooth) / (P + T + smooth)
///
/// (MONAI's `DiceLoss` with `smooth_nr = smooth_dr = smooth`). Return the loss and ∂loss/∂pᵢ
/// for every voxel, derived by hand (the quotient rule), not by autograd.
public func diceLossAndGradient(probabilities p: [Double], target t: [Double], smooth: Double = 1e-5) throws -> (loss: Double, gradient: [Double]) {
    precondition(p.count == t.count && !p.isEmpty, "diceLossAndGradient: \(p.count) probabilities and \(t.count) targets")
    // BEGIN SOLUTION
    var intersection = 0.0, total = 0.0
    for i in p.indices {
        intersection += p[i] * t[i]
        total += p[i] + t[i]
    }
    let numerator = 2 * intersection + smooth, denominator = total + smooth
    let gradient = t.map { -(2 * $0 * denominator - numerator) / (denominator * denominator) }
    return (1 - numerator / denominator, gradient)
    // END SOLUTION
}
