import DeepLearning
import Foundation

/// M01-E11 · Weight decay two ways: L2 in the gradient (Adam) vs decoupled (AdamW). Docs/M01.md#m01-e11
///
/// With `decoupled == false`, add `weightDecay · p` to the gradient and take an
/// Adam step (`torch.optim.Adam(weight_decay=)`). With `decoupled == true`,
/// first shrink p ← p·(1 - lr·weightDecay), then take the Adam step with the
/// plain gradient (`torch.optim.AdamW`). Reuse `adamStep`.
public func weightDecayStep(
    parameter: Tensor, gradient: Tensor, moments: AdamMoments, step: Int,
    lr: Double, weightDecay: Double, decoupled: Bool
) throws -> (parameter: Tensor, moments: AdamMoments) {
    // BEGIN SOLUTION
    if decoupled {
        return try adamStep(parameter: parameter * (1 - lr * weightDecay), gradient: gradient, moments: moments, step: step, lr: lr)
    }
    return try adamStep(parameter: parameter, gradient: gradient + weightDecay * parameter, moments: moments, step: step, lr: lr)
    // END SOLUTION
}
