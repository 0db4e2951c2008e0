import Foundation

// Elementwise arithmetic with NumPy broadcasting. Each op's backward sits next
// to its forward; `sumTo` folds a broadcast gradient back to its input's shape.

extension Tensor {
    /// Sums `self` down to `target`, undoing a broadcast (the backward of broadcasting).
    public func sumTo(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        var t = self
        while t.rank > target.count { t = t.sum(axis: 0) }
        for d in 0..<target.count where target[d] == 1 && t.shape[d] != 1 {
            t = t.sum(axis: d, keepDims: true)
        }
        return t
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        a.zipWith(b, op: "add") { $0 + $1 }.recorded("add", [a, b]) { g, c in [g.sumTo(c.inputs[0].shape), g.sumTo(c.inputs[1].shape)] }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        a.zipWith(b, op: "sub") { $0 - $1 }.recorded("sub", [a, b]) { g, c in [g.sumTo(c.inputs[0].shape), (-g).sumTo(c.inputs[1].shape)] }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        // d(ab)/da = b, d(ab)/db = a
        a.zipWith(b, op: "mul") { $0 * $1 }.recorded("mul", [a, b]) { g, c in
            let (x, y) = (c.inputs[0], c.inputs[1])
            return [(g * y).sumTo(x.shape), (g * x).sumTo(y.shape)]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        // Integers divide as reals (PyTorch's true division): int64 / int64 is float32.
        if !a.dtype.isFloatingPoint && !b.dtype.isFloatingPoint { return a.to(.float32) / b.to(.float32) }
        // d(a/b)/da = 1/b, d(a/b)/db = -a/b²
        return a.zipWith(b, op: "div") { $0 / $1 }.recorded("div", [a, b]) { g, c in
            let (x, y) = (c.inputs[0], c.inputs[1])
            return [(g / y).sumTo(x.shape), (-g * x / (y * y)).sumTo(y.shape)]
        }
    }

    public static prefix func - (a: Tensor) -> Tensor {
        a.map { -$0 }.recorded("neg", [a]) { g, _ in [-g] }
    }

    // Tensor-scalar forms; the scalar takes the tensor's dtype, as in PyTorch.
    public static func + (a: Tensor, s: Double) -> Tensor { a + a.scalar(s) }
    public static func + (s: Double, a: Tensor) -> Tensor { a.scalar(s) + a }
    public static func - (a: Tensor, s: Double) -> Tensor { a - a.scalar(s) }
    public static func - (s: Double, a: Tensor) -> Tensor { a.scalar(s) - a }
    public static func * (a: Tensor, s: Double) -> Tensor { a * a.scalar(s) }
    public static func * (s: Double, a: Tensor) -> Tensor { a.scalar(s) * a }
    public static func / (a: Tensor, s: Double) -> Tensor { a / a.scalar(s) }
    public static func / (s: Double, a: Tensor) -> Tensor { a.scalar(s) / a }

    /// A 0-d constant of this tensor's dtype.
    func scalar(_ v: Double) -> Tensor { Tensor(v, dtype: dtype.isFloatingPoint ? dtype : (v.rounded() == v ? .int64 : .float32)) }

    /// `self` raised to `exponent`: d/dx xᵖ = p·xᵖ⁻¹ (0 for p = 0, also at x = 0).
    /// An int64 tensor with a fractional exponent gives float32, as in PyTorch.
    public func pow(_ exponent: Double) -> Tensor {
        if dtype == .int64 && exponent.rounded() != exponent { return to(.float32).pow(exponent) }
        return map { Foundation.pow($0, exponent) }.recorded("pow", [self]) { g, c in
            [exponent == 0 ? Tensor.zeros(like: g) : g * (c.inputs[0].pow(exponent - 1) * exponent)]
        }
    }

    /// Elementwise power with a tensor exponent: d/da aᵇ = b·aᵇ⁻¹, d/db aᵇ = aᵇ·ln a.
    /// As in PyTorch, the first is 0 where b = 0 and the second 0 where a = 0 and b ≥ 0
    /// (instead of the NaN that 0·∞ would give).
    public func pow(_ exponent: Tensor) -> Tensor {
        zipWith(exponent, op: "pow") { Foundation.pow($0, $1) }.recorded("pow", [self, exponent]) { g, c in
            let (a, b, y) = (c.inputs[0], c.inputs[1], c.output)
            let zero = Tensor(0, dtype: y.dtype)
            let dA = `where`(b .== 0, zero, b * a.pow(b - 1))
            let dB = `where`((a .== 0) * (b .>= 0), zero, y * a.log())
            return [(g * dA).sumTo(a.shape), (g * dB).sumTo(b.shape)]
        }
    }

    /// Elementwise maximum (the gradient goes to the larger input; ties split it).
    public func maximum(_ other: Tensor) -> Tensor {
        zipWith(other, op: "maximum") { Swift.max($0, $1) }.recorded("maximum", [self, other]) { g, c in
            let (a, b) = (c.inputs[0], c.inputs[1])
            let aWins = (a .> b) + (a .== b) * 0.5
            return [(g * aWins).sumTo(a.shape), (g * (1 - aWins)).sumTo(b.shape)]
        }
    }

    /// Elementwise minimum (the gradient goes to the smaller input; ties split it).
    public func minimum(_ other: Tensor) -> Tensor {
        -((-self).maximum(-other))
    }
}
