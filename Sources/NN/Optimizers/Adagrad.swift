import Tensors

/// Adagrad (`torch.optim.Adagrad`): each coordinate's step shrinks with its
/// accumulated squared gradients.
///
///     g = grad + weightDecay·p
///     clr = lr / (1 + (t-1)·lrDecay)
///     s += g²;   p -= clr · g / (√s + eps)
public final class Adagrad: StatefulOptimizer {
    public var lrDecay: Double, weightDecay: Double, initialAccumulatorValue: Double, eps: Double

    public init(
        _ parameters: [Tensor] = [], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
        initialAccumulatorValue: Double = 0, eps: Double = 1e-10
    ) {
        precondition(
            lrDecay >= 0 && weightDecay >= 0 && initialAccumulatorValue >= 0 && eps >= 0,
            "Adagrad: lrDecay, weightDecay, initialAccumulatorValue and eps must be non-negative")
        (self.lrDecay, self.weightDecay, self.initialAccumulatorValue, self.eps) = (lrDecay, weightDecay, initialAccumulatorValue, eps)
        super.init(parameters: parameters, lr: lr)
    }

    public override func update(_ p: Tensor, grad: Tensor, state: ParameterState) {
        let sum = state.buffer("sum", like: p, initial: initialAccumulatorValue)
        let clr = lr / (1 + Double(state.step - 1) * lrDecay)
        p.dispatchFloat(
            "Adagrad", float: { adagradUpdate(Float.self, p, grad, sum, clr: clr) },
            double: { adagradUpdate(Double.self, p, grad, sum, clr: clr) })
    }

    private func adagradUpdate<T: FloatElement>(_: T.Type, _ p: Tensor, _ grad: Tensor, _ sumT: Tensor, clr: Double) {
        let x = p.pointer(T.self), g = grad.pointer(T.self), s = sumT.pointer(T.self)
        let (clr, eps, wd) = (T(clr), T(eps), T(weightDecay))
        for i in 0..<p.count {
            var gi = g[i]
            if wd != 0 { gi += wd * x[i] }
            s[i] += gi * gi
            x[i] -= clr * (gi / (s[i].squareRoot() + eps))
        }
    }
}
