import DeepLearning
import Foundation

/// The state Adam keeps for one parameter: first and second moment estimates.
public struct AdamMoments {
    public var m: Tensor, v: Tensor
    public init(m: Tensor, v: Tensor) { (self.m, self.v) = (m, v) }
}

/// M01-E07 · One step of Adam with bias correction, as `torch.optim.Adam`. Docs/M01.md#m01-e07
///
/// `step` counts from 1. m ← β₁m + (1-β₁)g, v ← β₂v + (1-β₂)g²,
/// m̂ = m/(1-β₁ᵗ), v̂ = v/(1-β₂ᵗ), p ← p - lr·m̂/(√v̂ + ε).
public func adamStep(
    parameter: Tensor, gradient: Tensor, moments: AdamMoments, step: Int,
    lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8
) throws -> (parameter: Tensor, moments: AdamMoments) {
    // BEGIN SOLUTION
    let m = beta1 * moments.m + (1 - beta1) * gradient
    let v = beta2 * moments.v + (1 - beta2) * gradient * gradient
    let mHat = m / (1 - Foundation.pow(beta1, Double(step)))
    let vHat = v / (1 - Foundation.pow(beta2, Double(step)))
    return (parameter - lr * mHat / (vHat.sqrt() + eps), AdamMoments(m: m, v: v))
    // END SOLUTION
}
