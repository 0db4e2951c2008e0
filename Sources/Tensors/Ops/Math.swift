import Foundation

// Unary math and activation functions. Each forward is one `map`; its backward
// multiplies the incoming gradient by the local derivative written beside it.

extension Tensor {
    /// Applies `f` and records `g * df(x, y)` as the backward, where x is the input and y the output.
    /// An int64 input is first converted to float32 (exp of an integer is not an integer), as
    /// in PyTorch, unless the op maps integers to integers (`keepsIntegers`: abs, relu, clamp).
    func unary(
        _ name: String, keepsIntegers: Bool = false, _ f: (Double) -> Double,
        derivative: @escaping (_ x: Tensor, _ y: Tensor) -> Tensor
    ) -> Tensor {
        if dtype == .int64 && !keepsIntegers { return to(.float32).unary(name, f, derivative: derivative) }
        return map(f).recorded(name, [self]) { g, c in [g * derivative(c.inputs[0], c.output)] }
    }

    /// eˣ; d/dx = eˣ (the output itself).
    public func exp() -> Tensor { unary("exp", Foundation.exp) { _, y in y } }
    /// Natural log; d/dx = 1/x.
    public func log() -> Tensor { unary("log", Foundation.log) { x, _ in 1 / x } }
    /// √x; d/dx = 1/(2√x).
    public func sqrt() -> Tensor { unary("sqrt", Foundation.sqrt) { _, y in 0.5 / y } }
    /// |x|; d/dx = sign(x) (0 at 0, as PyTorch).
    public func abs() -> Tensor { unary("abs", keepsIntegers: true, Swift.abs) { x, _ in x.sign() } }
    /// sin x; d/dx = cos x.
    public func sin() -> Tensor { unary("sin", Foundation.sin) { x, _ in x.cos() } }
    /// cos x; d/dx = -sin x.
    public func cos() -> Tensor { unary("cos", Foundation.cos) { x, _ in -x.sin() } }
    /// arctan x; d/dx = 1/(1+x²).
    public func atan() -> Tensor { unary("atan", Foundation.atan) { x, _ in 1 / (1 + x * x) } }

    /// -1, 0 or 1 (not differentiable: its gradient is 0).
    public func sign() -> Tensor { map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } }

    /// Limits every element to `[min, max]`; the gradient passes where the input was inside (bounds included).
    public func clamp(min lo: Double = -.infinity, max hi: Double = .infinity) -> Tensor {
        unary("clamp", keepsIntegers: true, { Swift.min(Swift.max($0, lo), hi) }) { x, _ in (x .>= lo) * (x .<= hi) }
    }

    /// σ(x) = 1/(1+e⁻ˣ), computed without overflow; dσ/dx = σ(1-σ).
    public func sigmoid() -> Tensor {
        ExerciseTwins.called("sigmoid", twinOf: ["M01-E02"])
        return unary("sigmoid", { $0 >= 0 ? 1 / (1 + Foundation.exp(-$0)) : Foundation.exp($0) / (1 + Foundation.exp($0)) }) { _, y in y * (1 - y) }
    }

    /// tanh x; d/dx = 1 - tanh²x.
    public func tanh() -> Tensor { unary("tanh", Foundation.tanh) { _, y in 1 - y * y } }

    /// max(x, 0); d/dx = 1 for x > 0, else 0.
    public func relu() -> Tensor {
        ExerciseTwins.called("relu", twinOf: ["M01-E02"])
        return unary("relu", keepsIntegers: true, { $0 > 0 ? $0 : 0 }) { x, _ in x .> 0 }
    }

    /// x for x > 0, else `negativeSlope`·x; d/dx = 1 for x > 0, else `negativeSlope`.
    public func leakyRelu(negativeSlope slope: Double = 0.01) -> Tensor {
        // The derivative is built in x's dtype (a float32 mask would round `slope` in float64).
        unary("leakyRelu", { $0 > 0 ? $0 : slope * $0 }) { x, _ in x.map { $0 > 0 ? 1 : slope } }
    }

    /// Which GELU to compute: the exact one, x·Φ(x), or the tanh approximation.
    public enum GELUApproximation: Sendable { case none, tanh }

    /// GELU, `torch.nn.functional.gelu(x, approximate=...)`.
    public func gelu(approximate: GELUApproximation = .none) -> Tensor {
        ExerciseTwins.called("gelu", twinOf: ["M01-E02"])
        switch approximate {
        case .none:
            // x·Φ(x); d/dx = Φ(x) + x·φ(x)
            return unary("gelu", { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }) { x, _ in
                let cdf = x.map { 0.5 * (1 + erf($0 / 2.0.squareRoot())) }
                let pdf = x.map { Foundation.exp(-0.5 * $0 * $0) / (2 * Double.pi).squareRoot() }
                return cdf + x * pdf
            }
        case .tanh:
            // ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³); d/dx = ½(1+t) + ½x(1-t²)·du/dx
            let k = (2 / Double.pi).squareRoot()
            return unary("gelu(tanh)", { 0.5 * $0 * (1 + Foundation.tanh(k * ($0 + 0.044715 * $0 * $0 * $0))) }) { x, _ in
                x.map { x in
                    let t = Foundation.tanh(k * (x + 0.044715 * x * x * x))
                    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x)
                }
            }
        }
    }

    /// SiLU (swish), x·σ(x); d/dx = σ(x)(1 + x(1-σ(x))).
    public func silu() -> Tensor {
        unary("silu", { $0 / (1 + Foundation.exp(-$0)) }) { x, _ in
            x.map { x in
                let s = 1 / (1 + Foundation.exp(-x)); return s * (1 + x * (1 - s))
            }
        }
    }

    /// softplus(x) = log(1+eˣ)/β·β, stable for large x (PyTorch's threshold of 20); d/dx = σ(βx).
    public func softplus(beta: Double = 1, threshold: Double = 20) -> Tensor {
        unary("softplus", { beta * $0 > threshold ? $0 : Foundation.log1p(Foundation.exp(beta * $0)) / beta }) { x, _ in
            x.map { beta * $0 > threshold ? 1 : 1 / (1 + Foundation.exp(-beta * $0)) }
        }
    }
}

// Free functions, as `torch.relu(x)` / `F.relu(x)`.
public func relu(_ x: Tensor) -> Tensor { x.relu() }
public func sigmoid(_ x: Tensor) -> Tensor { x.sigmoid() }
public func tanh(_ x: Tensor) -> Tensor { x.tanh() }
public func gelu(_ x: Tensor, approximate: Tensor.GELUApproximation = .none) -> Tensor { x.gelu(approximate: approximate) }
public func silu(_ x: Tensor) -> Tensor { x.silu() }
public func leakyRelu(_ x: Tensor, negativeSlope: Double = 0.01) -> Tensor { x.leakyRelu(negativeSlope: negativeSlope) }
public func softplus(_ x: Tensor, beta: Double = 1) -> Tensor { x.softplus(beta: beta) }
public func exp(_ x: Tensor) -> Tensor { x.exp() }
public func log(_ x: Tensor) -> Tensor { x.log() }
public func sqrt(_ x: Tensor) -> Tensor { x.sqrt() }
public func abs(_ x: Tensor) -> Tensor { x.abs() }
public func atan(_ x: Tensor) -> Tensor { x.atan() }
