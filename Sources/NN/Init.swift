import Foundation
import Tensors

/// Weight initialisation, in place, as `torch.nn.init` (`xavier_uniform_`, `kaiming_normal_`, ...).
/// Samples come from the library's seeded generator (`Random.seed`).
///
/// For a weight of shape `[out, in, k...]`, fanIn = in·∏k and fanOut = out·∏k.
///
/// ```swift
/// Init.kaimingNormal(conv.weight, mode: .fanOut, nonlinearity: .relu)
/// Init.zeros(linear.bias!)
/// ```
public enum Init {
    /// Which fan keeps the variance: of activations (`fanIn`, forward) or of gradients (`fanOut`, backward).
    public enum FanMode: Sendable { case fanIn, fanOut }

    /// The nonlinearity that follows the layer, for `gain(for:)`.
    public enum Nonlinearity: Sendable {
        case linear, sigmoid, tanh, relu, selu
        /// Leaky ReLU with negative slope `a` (`a = 0` is ReLU's gain).
        case leakyRelu(Double)
    }

    /// `torch.nn.init.calculate_gain`: the factor that keeps activations' variance after the nonlinearity.
    public static func gain(for nonlinearity: Nonlinearity) -> Double {
        switch nonlinearity {
        case .linear, .sigmoid: return 1
        case .tanh: return 5.0 / 3
        case .relu: return 2.0.squareRoot()
        case .selu: return 3.0 / 4
        case .leakyRelu(let a): return (2 / (1 + a * a)).squareRoot()
        }
    }

    /// (fanIn, fanOut) of a weight shaped `[out, in, k...]`.
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        precondition(shape.count >= 2, "Init: fan in and fan out need a tensor with at least 2 dimensions, got shape \(shape)")
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// Fills with U(low, high).
    @discardableResult
    public static func uniform(_ t: Tensor, low: Double = 0, high: Double = 1) -> Tensor {
        noGrad { t.assign(Tensor.uniform(t.shape, low: low, high: high, dtype: t.dtype)) }
        return t
    }

    /// Fills with N(mean, std²).
    @discardableResult
    public static func normal(_ t: Tensor, mean: Double = 0, std: Double = 1) -> Tensor {
        noGrad { t.assign(Tensor.randn(t.shape, mean: mean, std: std, dtype: t.dtype)) }
        return t
    }

    /// Fills with `value`.
    @discardableResult
    public static func constant(_ t: Tensor, _ value: Double) -> Tensor {
        t.fill(value)
        return t
    }

    @discardableResult public static func zeros(_ t: Tensor) -> Tensor { constant(t, 0) }
    @discardableResult public static func ones(_ t: Tensor) -> Tensor { constant(t, 1) }

    /// Glorot/Xavier uniform: U(-b, b), b = gain·√(6 / (fanIn + fanOut)).
    @discardableResult
    public static func xavierUniform(_ t: Tensor, gain: Double = 1) -> Tensor {
        let (fanIn, fanOut) = fans(t.shape)
        let bound = gain * (6 / Double(fanIn + fanOut)).squareRoot()
        return uniform(t, low: -bound, high: bound)
    }

    /// Glorot/Xavier normal: N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)).
    @discardableResult
    public static func xavierNormal(_ t: Tensor, gain: Double = 1) -> Tensor {
        let (fanIn, fanOut) = fans(t.shape)
        return normal(t, std: gain * (2 / Double(fanIn + fanOut)).squareRoot())
    }

    /// He/Kaiming uniform: U(-b, b), b = gain·√(3 / fan). As in PyTorch, the default
    /// nonlinearity is leaky ReLU with slope `a` (a = 0 gives ReLU's gain √2).
    @discardableResult
    public static func kaimingUniform(_ t: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity? = nil) -> Tensor {
        let bound = kaimingStd(t.shape, a: a, mode: mode, nonlinearity: nonlinearity) * 3.0.squareRoot()
        return uniform(t, low: -bound, high: bound)
    }

    /// He/Kaiming normal: N(0, σ²), σ = gain / √fan.
    @discardableResult
    public static func kaimingNormal(_ t: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity? = nil) -> Tensor {
        normal(t, std: kaimingStd(t.shape, a: a, mode: mode, nonlinearity: nonlinearity))
    }

    private static func kaimingStd(_ shape: [Int], a: Double, mode: FanMode, nonlinearity: Nonlinearity?) -> Double {
        let (fanIn, fanOut) = fans(shape)
        let fan = Double(mode == .fanIn ? fanIn : fanOut)
        precondition(fan > 0, "Init: cannot initialise a tensor with zero elements in its fan (shape \(shape))")
        return gain(for: nonlinearity ?? .leakyRelu(a)) / fan.squareRoot()
    }
}
