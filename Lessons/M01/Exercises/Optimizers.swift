import DeepLearning
import Foundation

/// M01-E06 · One step of SGD with momentum, as `torch.optim.SGD`. Docs/M01.md#m01-e06
///
/// For each parameter p with gradient g and velocity v (updated in place in the
/// returned array): v ← μ·v + g, then p ← p - lr·v. Return the new parameters
/// and velocities; don't modify the inputs.
public func sgdMomentumStep(parameters: [Tensor], gradients: [Tensor], velocities: [Tensor],
                            lr: Double, momentum: Double) throws -> (parameters: [Tensor], velocities: [Tensor]) {
    // BEGIN SOLUTION
    let v = zip(velocities, gradients).map { momentum * $0 + $1 }
    let p = zip(parameters, v).map { $0 - lr * $1 }
    return (p, v)
    // END SOLUTION
}

/// The state Adam keeps for one parameter: first and second moment estimates.
public struct AdamMoments {
    public var m: Tensor, v: Tensor
    public init(m: Tensor, v: Tensor) { (self.m, self.v) = (m, v) }
}

/// M01-E07 · One step of Adam with bias correction, as `torch.optim.Adam`. Docs/M01.md#m01-e07
///
/// `step` counts from 1. m ← β₁m + (1-β₁)g, v ← β₂v + (1-β₂)g²,
/// m̂ = m/(1-β₁ᵗ), v̂ = v/(1-β₂ᵗ), p ← p - lr·m̂/(√v̂ + ε).
public func adamStep(parameter: Tensor, gradient: Tensor, moments: AdamMoments, step: Int,
                     lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8) throws -> (parameter: Tensor, moments: AdamMoments) {
    // BEGIN SOLUTION
    let m = beta1 * moments.m + (1 - beta1) * gradient
    let v = beta2 * moments.v + (1 - beta2) * gradient * gradient
    let mHat = m / (1 - Foundation.pow(beta1, Double(step)))
    let vHat = v / (1 - Foundation.pow(beta2, Double(step)))
    return (parameter - lr * mHat / (vHat.sqrt() + eps), AdamMoments(m: m, v: v))
    // END SOLUTION
}

/// M01-E11 · Weight decay two ways: L2 in the gradient (Adam) vs decoupled (AdamW). Docs/M01.md#m01-e11
///
/// With `decoupled == false`, add `weightDecay · p` to the gradient and take an
/// Adam step (`torch.optim.Adam(weight_decay=)`). With `decoupled == true`,
/// first shrink p ← p·(1 - lr·weightDecay), then take the Adam step with the
/// plain gradient (`torch.optim.AdamW`). Reuse `adamStep`.
public func weightDecayStep(parameter: Tensor, gradient: Tensor, moments: AdamMoments, step: Int,
                            lr: Double, weightDecay: Double, decoupled: Bool) throws -> (parameter: Tensor, moments: AdamMoments) {
    // BEGIN SOLUTION
    if decoupled {
        return try adamStep(parameter: parameter * (1 - lr * weightDecay), gradient: gradient, moments: moments, step: step, lr: lr)
    }
    return try adamStep(parameter: parameter, gradient: gradient + weightDecay * parameter, moments: moments, step: step, lr: lr)
    // END SOLUTION
}
