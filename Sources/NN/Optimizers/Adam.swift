import Foundation
import Tensors

/// Adam (`torch.optim.Adam`), one fused float loop per parameter:
///
///     g = grad + weightDecay·p              (Adam's L2 penalty; AdamW decays p instead)
///     m = β₁·m + (1-β₁)·g                   v = β₂·v + (1-β₂)·g²
///     v̂ = amsgrad ? max(v̂, v) : v
///     p -= lr/(1-β₁ᵗ) · m / (√v̂ / √(1-β₂ᵗ) + eps)
public class Adam: StatefulOptimizer {
    public var betas: (Double, Double), eps: Double, weightDecay: Double, amsgrad: Bool
    /// AdamW: weight decay multiplies the parameter by (1 - lr·weightDecay) instead of adding to the gradient.
    let decoupledWeightDecay: Bool

    public convenience init(
        _ parameters: [Tensor] = [], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
        eps: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false
    ) {
        self.init(parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad, decoupled: false)
    }

    init(_ parameters: [Tensor], lr: Double, betas: (Double, Double), eps: Double, weightDecay: Double, amsgrad: Bool, decoupled: Bool) {
        precondition((0..<1).contains(betas.0) && (0..<1).contains(betas.1), "\(Self.self): betas must be in [0, 1), got \(betas)")
        precondition(eps >= 0 && weightDecay >= 0, "\(Self.self): eps (\(eps)) and weightDecay (\(weightDecay)) must be non-negative")
        (self.betas, self.eps, self.weightDecay, self.amsgrad, decoupledWeightDecay) = (betas, eps, weightDecay, amsgrad, decoupled)
        super.init(parameters: parameters, lr: lr)
    }

    public override func update(_ p: Tensor, grad: Tensor, state: ParameterState) {
        ExerciseTwins.called("Adam", twinOf: ["M01-E07", "M01-E11"])
        let m = state.buffer("exp_avg", like: p), v = state.buffer("exp_avg_sq", like: p)
        let vMax = amsgrad ? state.buffer("max_exp_avg_sq", like: p) : nil
        p.dispatchFloat(
            "Adam", float: { adamUpdate(Float.self, p, grad, m, v, vMax, step: state.step) },
            double: { adamUpdate(Double.self, p, grad, m, v, vMax, step: state.step) })
    }

    private func adamUpdate<T: FloatElement>(_: T.Type, _ p: Tensor, _ grad: Tensor, _ mT: Tensor, _ vT: Tensor, _ vMaxT: Tensor?, step: Int) {
        let x = p.pointer(T.self), g = grad.pointer(T.self), m = mT.pointer(T.self), v = vT.pointer(T.self)
        let vMax = vMaxT?.pointer(T.self)
        let (b1, b2) = (T(betas.0), T(betas.1))
        let stepSize = T(lr / (1 - Foundation.pow(betas.0, Double(step))))
        let inverseCorrection2 = T(1 / (1 - Foundation.pow(betas.1, Double(step))).squareRoot())
        let (eps, l2) = (T(eps), T(decoupledWeightDecay ? 0 : weightDecay))
        let shrink = T(1 - lr * (decoupledWeightDecay ? weightDecay : 0))
        // Each element is read once and written once, with no branches (l2 = 0 and
        // shrink = 1 change nothing); large tensors are split across threads.
        parallelRanges(p.count, grain: 1 << 16) { range in
            for i in range {
                let gi = g[i] + l2 * x[i]
                let mi = m[i] + (1 - b1) * (gi - m[i])
                let vi = b2 * v[i] + (1 - b2) * gi * gi
                (m[i], v[i]) = (mi, vi)
                var second = vi
                if let vMax {
                    second = max(vMax[i], vi)
                    vMax[i] = second
                }
                x[i] = x[i] * shrink - stepSize * (mi / (second.squareRoot() * inverseCorrection2 + eps))
            }
        }
    }
}

/// AdamW (`torch.optim.AdamW`): Adam with decoupled weight decay,
/// p ← p·(1 - lr·weightDecay) before the Adam step; default weightDecay 0.01.
public final class AdamW: Adam {
    public init(
        _ parameters: [Tensor] = [], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
        eps: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false
    ) {
        super.init(parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad, decoupled: true)
    }
}
