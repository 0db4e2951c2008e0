import Tensors

/// Layer normalisation over the last `normalizedShape.count` dimensions
/// (`torch.nn.functional.layer_norm`), with the biased variance:
///
///     y = (x - mean) / √(var + eps) · weight + bias
public func layerNorm(_ x: Tensor, normalizedShape: [Int], weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5) -> Tensor {
    let k = normalizedShape.count
    precondition(
        k > 0 && x.rank >= k && Array(x.shape.suffix(k)) == normalizedShape,
        "layerNorm: input shape \(x.shape) does not end in the normalized shape \(normalizedShape)")
    for (name, t) in [("weight", weight), ("bias", bias)] {
        if let t { precondition(t.shape == normalizedShape, "layerNorm: \(name) has shape \(t.shape), expected \(normalizedShape)") }
    }
    return fusedLayerNorm(x, width: normalizedShape.reduce(1, *), weight: weight, bias: bias, eps: eps)
}

/// Layer normalisation layer (`torch.nn.LayerNorm`): weight ones, bias zeros.
public final class LayerNorm: Module {
    public let normalizedShape: [Int]
    public let weight: Tensor?
    public let bias: Tensor?
    public let eps: Double

    public init(_ normalizedShape: [Int], eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) {
        precondition(
            !normalizedShape.isEmpty && normalizedShape.allSatisfy { $0 > 0 },
            "LayerNorm: normalizedShape must be non-empty and positive, got \(normalizedShape)")
        self.normalizedShape = normalizedShape
        self.eps = eps
        weight = elementwiseAffine ? Tensor.ones(normalizedShape, requiresGrad: true) : nil
        self.bias = elementwiseAffine && bias ? Tensor.zeros(normalizedShape, requiresGrad: true) : nil
    }

    public convenience init(_ features: Int, eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) {
        self.init([features], eps: eps, elementwiseAffine: elementwiseAffine, bias: bias)
    }

    public override func forward(_ x: Tensor) -> Tensor {
        layerNorm(x, normalizedShape: normalizedShape, weight: weight, bias: bias, eps: eps)
    }

    public override var extraDescription: String { "\(normalizedShape), eps: \(eps)" }
}
