import Tensors

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum
/// and L2 weight decay, matching `torch.optim.SGD`:
///
///     g = grad + weightDecay·p
///     buf = g (first step), else momentum·buf + (1 - dampening)·g
///     g = nesterov ? g + momentum·buf : buf
///     p -= lr·g
public final class SGD: StatefulOptimizer {
    public var momentum: Double, dampening: Double, weightDecay: Double, nesterov: Bool

    public init(
        _ parameters: [Tensor] = [], lr: Double, momentum: Double = 0, dampening: Double = 0,
        weightDecay: Double = 0, nesterov: Bool = false
    ) {
        precondition(momentum >= 0 && weightDecay >= 0, "SGD: momentum (\(momentum)) and weightDecay (\(weightDecay)) must be non-negative")
        precondition(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum requires a momentum and zero dampening")
        (self.momentum, self.dampening, self.weightDecay, self.nesterov) = (momentum, dampening, weightDecay, nesterov)
        super.init(parameters: parameters, lr: lr)
    }

    public override func update(_ p: Tensor, grad: Tensor, state: ParameterState) {
        ExerciseTwins.called("SGD", twinOf: ["M01-E06"])
        let first = state.buffers["momentum_buffer"] == nil
        let buffer = momentum > 0 ? state.buffer("momentum_buffer", like: p) : nil
        p.dispatchFloat(
            "SGD", float: { sgdUpdate(Float.self, p, grad, buffer, first: first) },
            double: { sgdUpdate(Double.self, p, grad, buffer, first: first) })
    }

    private func sgdUpdate<T: FloatElement>(_: T.Type, _ p: Tensor, _ grad: Tensor, _ buffer: Tensor?, first: Bool) {
        let x = p.pointer(T.self), g = grad.pointer(T.self), buf = buffer?.pointer(T.self)
        let (lr, wd, mu, damp) = (T(lr), T(weightDecay), T(momentum), T(1 - dampening))
        for i in 0..<p.count {
            var d = g[i]
            if wd != 0 { d += wd * x[i] }
            if let buf {
                buf[i] = first ? d : mu * buf[i] + damp * d
                d = nesterov ? d + mu * buf[i] : buf[i]
            }
            x[i] -= lr * d
        }
    }
}
