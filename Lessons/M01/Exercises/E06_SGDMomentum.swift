import DeepLearning
import Foundation

/// M01-E06 · One step of SGD with momentum, as `torch.optim.SGD`. Docs/M01.md#m01-e06
///
/// For each parameter p with gradient g and velocity v (updated in place in the
/// returned array): v ← μ·v + g, then p ← p - lr·v. Return the new parameters
/// and velocities; don't modify the inputs.
public func sgdMomentumStep(
    parameters: [Tensor], gradients: [Tensor], velocities: [Tensor],
    lr: Double, momentum: Double
) throws -> (parameters: [Tensor], velocities: [Tensor]) {
    // BEGIN SOLUTION
    let v = zip(velocities, gradients).map { momentum * $0 + $1 }
    let p = zip(parameters, v).map { $0 - lr * $1 }
    return (p, v)
    // END SOLUTION
}
