import Foundation

/// P03-E04 · DB's differentiable (approximate) binarization and its gradient. Docs/P03.md#p03-e04
///
/// A text detector that thresholds its probability map P at a fixed t cannot learn t: the step
/// has no gradient. DB (Liao et al., 2020) predicts a threshold map T too and binarizes softly:
///
///     B = 1 / (1 + exp(−k (P − T)))          k = 50
///
/// Return B for every pixel and the partial derivatives ∂B/∂P and ∂B/∂T (element-wise; the
/// arrays have equal length). Write them with B itself: the derivative of the logistic σ(z) is
/// σ(z)(1 − σ(z)), and z = k(P − T).
public func approximateBinarization(
    probability: [Double], threshold: [Double], k: Double = 50
) throws
    -> (binary: [Double], dProbability: [Double], dThreshold: [Double])
{
    precondition(probability.count == threshold.count, "approximateBinarization: \(probability.count) probabilities, \(threshold.count) thresholds")
    // BEGIN SOLUTION
    let binary = zip(probability, threshold).map { p, t in 1 / (1 + exp(-k * (p - t))) }
    let slope = binary.map { k * $0 * (1 - $0) }
    return (binary, slope, slope.map { -$0 })
    // END SOLUTION
}
