import Foundation
import Tensors

/// Rescales the gradients of `parameters` so that their joint norm is at most
/// `maxNorm` (`torch.nn.utils.clip_grad_norm_`) and returns the norm before clipping.
/// The norm is over all gradients together, as if concatenated; `normType` may be
/// `.infinity` (the largest absolute entry).
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Double, normType: Double = 2) -> Double {
    precondition(normType > 0, "clipGradNorm: normType must be positive, got \(normType)")
    let grads = parameters.compactMap(\.grad)
    var total = 0.0
    for g in grads {
        for v in g.doubles {
            if normType == .infinity { total = max(total, abs(v)) } else { total += pow(abs(v), normType) }
        }
    }
    if normType != .infinity { total = pow(total, 1 / normType) }
    let coefficient = min(maxNorm / (total + 1e-6), 1)
    if coefficient < 1 {
        noGrad { for g in grads { g.assign(g * coefficient) } }
    }
    return total
}

/// Clamps every gradient entry of `parameters` to [-clipValue, clipValue] (`clip_grad_value_`).
public func clipGradValue(_ parameters: [Tensor], clipValue: Double) {
    precondition(clipValue >= 0, "clipGradValue: clipValue must be non-negative, got \(clipValue)")
    noGrad {
        for g in parameters.compactMap(\.grad) { g.assign(g.clamp(min: -clipValue, max: clipValue)) }
    }
}
