import Foundation

// softmax and logSoftmax along an axis, stable for any logits (the row maximum
// is subtracted first, so logits of 1e4 give no overflow and no NaN).

extension Tensor {
    /// softmax(x)ᵢ = exp(xᵢ - m) / Σⱼ exp(xⱼ - m), m = maxⱼ xⱼ.
    /// Backward: dx = y ⊙ (g - Σ g⊙y).
    public func softmax(axis: Int = -1) -> Tensor {
        let a = Shape.axis(axis, rank: rank, op: "softmax")
        return softmaxKernel(axis: a, log: false).recorded("softmax", [self]) { g, c in
            let y = c.output
            return [y * (g - (g * y).sum(axis: a, keepDims: true))]
        }
    }

    /// log softmax(x)ᵢ = xᵢ - m - log Σⱼ exp(xⱼ - m).
    /// Backward: dx = g - softmax(x) · Σ g.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let a = Shape.axis(axis, rank: rank, op: "logSoftmax")
        return softmaxKernel(axis: a, log: true).recorded("logSoftmax", [self]) { g, c in
            [g - c.output.exp() * g.sum(axis: a, keepDims: true)]
        }
    }

    func softmaxKernel(axis: Int, log: Bool) -> Tensor {
        precondition(dtype.isFloatingPoint, "softmax: needs a floating-point tensor, got \(dtype)")
        let (outer, n, inner) = rank == 0 ? (1, 1, 1) : split(at: axis)
        let out = Storage(dtype: dtype, count: count)
        switch dtype {
        case .float32: softmaxLoop(storage.pointer(Float.self), out.pointer(Float.self), outer, n, inner, log)
        default: softmaxLoop(storage.pointer(Double.self), out.pointer(Double.self), outer, n, inner, log)
        }
        return Tensor(shape: shape, storage: out)
    }
}

func softmaxLoop<T: TensorScalar>(_ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, _ outer: Int, _ n: Int, _ inner: Int, _ log: Bool) {
    for o in 0..<outer {
        for i in 0..<inner {
            let base = o * n * inner + i
            var m = -Double.infinity
            for k in 0..<n { m = Swift.max(m, x[base + k * inner].double) }
            if m == -.infinity { m = 0 }  // a row of -inf (fully masked) gives NaN, as in PyTorch, not an error here
            var total = 0.0
            for k in 0..<n { total += Foundation.exp(x[base + k * inner].double - m) }
            let logTotal = Foundation.log(total)
            for k in 0..<n {
                let z = x[base + k * inner].double - m
                y[base + k * inner] = T(fromDouble: log ? z - logTotal : Foundation.exp(z) / total)
            }
        }
    }
}

public func softmax(_ x: Tensor, axis: Int = -1) -> Tensor { x.softmax(axis: axis) }
public func logSoftmax(_ x: Tensor, axis: Int = -1) -> Tensor { x.logSoftmax(axis: axis) }
