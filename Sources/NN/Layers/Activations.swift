import Tensors

// Activation functions as layers, for `Sequential { ...; ReLU(); ... }`.
// Each wraps the tensor op of the same name (see Tensors/Ops/Math.swift).

/// max(x, 0).
public final class ReLU: Module {
    public override func forward(_ x: Tensor) -> Tensor { x.relu() }
}

/// min(max(0, x), 6): the ReLU of mobile networks, bounded for low-precision arithmetic.
public final class ReLU6: Module {
    public override func forward(_ x: Tensor) -> Tensor { x.clamp(min: 0, max: 6) }
}

/// x for x > 0, else `negativeSlope`·x.
public final class LeakyReLU: Module {
    public let negativeSlope: Double
    public init(negativeSlope: Double = 0.01) { self.negativeSlope = negativeSlope }
    public override func forward(_ x: Tensor) -> Tensor { x.leakyRelu(negativeSlope: negativeSlope) }
    public override var extraDescription: String { "negativeSlope: \(negativeSlope)" }
}

/// x·Φ(x), exact or with the tanh approximation.
public final class GELU: Module {
    public let approximate: Tensor.GELUApproximation
    public init(approximate: Tensor.GELUApproximation = .none) { self.approximate = approximate }
    public override func forward(_ x: Tensor) -> Tensor { x.gelu(approximate: approximate) }
    public override var extraDescription: String { approximate == .tanh ? "approximate: tanh" : "" }
}

/// x·σ(x) (swish).
public final class SiLU: Module {
    public override func forward(_ x: Tensor) -> Tensor { x.silu() }
}

/// 1 / (1 + e⁻ˣ).
public final class Sigmoid: Module {
    public override func forward(_ x: Tensor) -> Tensor { x.sigmoid() }
}

/// tanh x.
public final class Tanh: Module {
    public override func forward(_ x: Tensor) -> Tensor { x.tanh() }
}

/// softmax along `axis` (the last by default).
public final class Softmax: Module {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public override func forward(_ x: Tensor) -> Tensor { x.softmax(axis: axis) }
    public override var extraDescription: String { "axis: \(axis)" }
}

/// log softmax along `axis` (the last by default), to pair with `nllLoss`.
public final class LogSoftmax: Module {
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }
    public override func forward(_ x: Tensor) -> Tensor { x.logSoftmax(axis: axis) }
    public override var extraDescription: String { "axis: \(axis)" }
}

/// Returns its input unchanged (a placeholder, e.g. for a removed classifier head).
public final class Identity: Module {
    public override func forward(_ x: Tensor) -> Tensor { x }
}

/// Flattens dimensions `startDim...endDim` into one; by default all but the batch dimension.
public final class Flatten: Module {
    public let startDim: Int, endDim: Int
    public init(startDim: Int = 1, endDim: Int = -1) { (self.startDim, self.endDim) = (startDim, endDim) }
    public override func forward(_ x: Tensor) -> Tensor { x.flatten(startDim: startDim, endDim: endDim) }
}
