import Tensors

/// RMSprop (`torch.optim.RMSprop`):
///
///     g = grad + weightDecay·p
///     s = α·s + (1-α)·g²                    (centered: ḡ = α·ḡ + (1-α)·g, s̃ = s - ḡ²)
///     d = g / (√s̃ + eps)
///     momentum > 0: buf = momentum·buf + d, p -= lr·buf;  else p -= lr·d
public final class RMSprop: StatefulOptimizer {
    public var alpha: Double, eps: Double, weightDecay: Double, momentum: Double, centered: Bool

    public init(
        _ parameters: [Tensor] = [], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8,
        weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false
    ) {
        precondition(
            alpha >= 0 && eps >= 0 && weightDecay >= 0 && momentum >= 0,
            "RMSprop: alpha (\(alpha)), eps (\(eps)), weightDecay (\(weightDecay)) and momentum (\(momentum)) must be non-negative")
        (self.alpha, self.eps, self.weightDecay, self.momentum, self.centered) = (alpha, eps, weightDecay, momentum, centered)
        super.init(parameters: parameters, lr: lr)
    }

    public override func update(_ p: Tensor, grad: Tensor, state: ParameterState) {
        let square = state.buffer("square_avg", like: p)
        let average = centered ? state.buffer("grad_avg", like: p) : nil
        let buffer = momentum > 0 ? state.buffer("momentum_buffer", like: p) : nil
        p.dispatchFloat(
            "RMSprop", float: { rmspropUpdate(Float.self, p, grad, square, average, buffer) },
            double: { rmspropUpdate(Double.self, p, grad, square, average, buffer) })
    }

    private func rmspropUpdate<T: FloatElement>(_: T.Type, _ p: Tensor, _ grad: Tensor, _ squareT: Tensor, _ averageT: Tensor?, _ bufferT: Tensor?) {
        let x = p.pointer(T.self), g = grad.pointer(T.self), s = squareT.pointer(T.self)
        let avg = averageT?.pointer(T.self), buf = bufferT?.pointer(T.self)
        let (lr, a, eps, wd, mu) = (T(lr), T(alpha), T(eps), T(weightDecay), T(momentum))
        for i in 0..<p.count {
            var gi = g[i]
            if wd != 0 { gi += wd * x[i] }
            s[i] = a * s[i] + (1 - a) * gi * gi
            var variance = s[i]
            if let avg {
                avg[i] += (1 - a) * (gi - avg[i])
                variance -= avg[i] * avg[i]
            }
            let d = gi / (variance.squareRoot() + eps)
            if let buf {
                buf[i] = mu * buf[i] + d
                x[i] -= lr * buf[i]
            } else {
                x[i] -= lr * d
            }
        }
    }
}
