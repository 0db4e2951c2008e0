import DeepLearning

/// The activation functions of exercise M01-E02.
public enum Activation: String, CaseIterable, Sendable {
    case sigmoid, tanh, relu
    /// GELU in its tanh form: ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
    case gelu
}

/// M01-E02 · Activation functions: forward. Docs/M01.md#m01-e02
///
/// Compute f(x) elementwise with tensor arithmetic (`exp`, `+`, `*`, `/`,
/// comparisons ...), not with the library's ready-made `x.sigmoid()`, `x.tanh()`
/// or `x.relu()` (GELU may use `tanh()` inside). Stay finite for |x| up to 1000.
public func activationForward(_ f: Activation, _ x: Tensor) throws -> Tensor {
    // BEGIN SOLUTION
    switch f {
    case .sigmoid: return 1 / (1 + (-x).exp())
    case .tanh: return 2 / (1 + (-2 * x).exp()) - 1  // tanh x = 2σ(2x) - 1, finite for any x
    case .relu: return x * (x .> 0)
    case .gelu:
        let k = (2 / Double.pi).squareRoot()
        return 0.5 * x * (1 + (k * (x + 0.044715 * x * x * x)).tanh())
    }
    // END SOLUTION
}

/// M01-E02 · Activation functions: backward. Docs/M01.md#m01-e02
///
/// Given the input `x` and the gradient of the loss with respect to f(x),
/// return the gradient with respect to x: `gradOutput * f'(x)`.
public func activationBackward(_ f: Activation, _ x: Tensor, _ gradOutput: Tensor) throws -> Tensor {
    // BEGIN SOLUTION
    switch f {
    case .sigmoid:
        let s = 1 / (1 + (-x).exp())
        return gradOutput * s * (1 - s)
    case .tanh:
        let t = x.tanh()
        return gradOutput * (1 - t * t)
    case .relu: return gradOutput * (x .> 0)
    case .gelu:
        let k = (2 / Double.pi).squareRoot()
        let t = (k * (x + 0.044715 * x * x * x)).tanh()
        let dInner = k * (1 + 3 * 0.044715 * x * x)
        return gradOutput * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dInner)
    }
    // END SOLUTION
}
