import Tensors

/// An output projection that shares its weight with an embedding (weight tying, as in
/// GPT-2 and "Using the Output Embedding to Improve Language Models"): logits = x·Eᵀ + b,
/// with E the embedding's `[vocabulary, dim]` table.
///
/// `weight` is the embedding's tensor itself, so `parameters()` lists it once, an
/// optimizer updates it once, and the gradients of both uses add up in it.
///
/// ```swift
/// let embedding = Embedding(1000, 128)
/// let head = TiedLinear(tiedTo: embedding)      // 128 → 1000
/// head.weight === embedding.weight              // true
/// ```
public final class TiedLinear: Module {
    /// The embedding's weight, `[vocabulary, dim]`.
    public let weight: Tensor
    /// `[vocabulary]`, or nil (the default: tied output layers usually have none).
    public let bias: Tensor?

    public init(tiedTo embedding: Embedding, bias: Bool = false) {
        weight = embedding.weight
        self.bias = bias ? Tensor.zeros([embedding.numEmbeddings], dtype: embedding.weight.dtype, requiresGrad: true) : nil
        super.init()
    }

    public override func forward(_ x: Tensor) -> Tensor { linear(x, weight, bias) }

    public override var extraDescription: String { "\(weight.shape[1]) → \(weight.shape[0]), tied\(bias == nil ? "" : ", bias")" }
}
