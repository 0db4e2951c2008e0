import Tensors

/// Looks up rows of `weight` (`[vocabulary, dim]`) for integer `indices` of any
/// shape; the result has shape `indices.shape + [dim]` (`torch.nn.functional.embedding`).
/// Gradients of repeated indices add up; the row `paddingIndex`, when given,
/// receives no gradient.
public func embedding(_ indices: Tensor, _ weight: Tensor, paddingIndex: Int? = nil) -> Tensor {
    precondition(weight.rank == 2, "embedding: weight must be 2-D [vocabulary, dim], got shape \(weight.shape)")
    let flat = indices.reshape([-1])
    var rows = weight.indexSelect(axis: 0, flat)
    if let paddingIndex {
        // The padding row is excluded from the gradient by masking its lookups.
        let keep = noGrad { (flat .!= Double(paddingIndex)).to(weight.dtype).unsqueeze(axis: 1) }
        rows = rows * keep
    }
    return rows.reshape(indices.shape + [weight.shape[1]])
}

/// A table of learned vectors, one per token id (`torch.nn.Embedding`), initialised N(0, 1)
/// as in PyTorch; the `paddingIndex` row starts at zero and is never updated.
public final class Embedding: Module {
    /// `[numEmbeddings, embeddingDim]`.
    public let weight: Tensor
    public let paddingIndex: Int?

    public init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIndex: Int? = nil) {
        precondition(numEmbeddings > 0 && embeddingDim > 0, "Embedding: sizes must be positive, got \(numEmbeddings) x \(embeddingDim)")
        if let paddingIndex {
            precondition(paddingIndex >= 0 && paddingIndex < numEmbeddings, "Embedding: paddingIndex \(paddingIndex) must be within 0..<\(numEmbeddings)")
        }
        weight = Tensor.randn([numEmbeddings, embeddingDim], requiresGrad: true)
        self.paddingIndex = paddingIndex
        if let paddingIndex {
            weight.withFloats { w in for j in 0..<embeddingDim { w[paddingIndex * embeddingDim + j] = 0 } }
        }
    }

    public var numEmbeddings: Int { weight.shape[0] }
    public var embeddingDim: Int { weight.shape[1] }

    public override func forward(_ x: Tensor) -> Tensor { embedding(x, weight, paddingIndex: paddingIndex) }

    public override var extraDescription: String {
        "\(numEmbeddings), \(embeddingDim)\(paddingIndex.map { ", paddingIndex: \($0)" } ?? "")"
    }
}
