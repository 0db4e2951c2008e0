import Tensors

/// Multi-head attention (`torch.nn.MultiheadAttention`): project queries, keys and
/// values, split the features into `numHeads` heads, attend in each head, merge the
/// heads and project the result.
///
///     headᵢ = softmax(QWᵢ_q (KWᵢ_k)ᵀ / √d + mask) · VWᵢ_v,   out = concat(head₁ … headₕ) W_oᵀ + b_o
///
/// Parameters as in PyTorch's state dict: `in_proj_weight` `[3E, E]` (the query, key and
/// value projections stacked; Xavier-uniform), `in_proj_bias` `[3E]` (zeros),
/// `out_proj.weight` `[E, E]` and `out_proj.bias` (zeros).
///
/// ```swift
/// let attention = MultiheadAttention(embedDim: 64, numHeads: 8, batchFirst: true)
/// let (y, weights) = attention(x, x, x, keyPaddingMask: .allowed(paddingMask(lengths: lengths, maxLength: 10)))
/// // y: [B, 10, 64], weights: [B, 10, 10] (averaged over heads)
/// ```
public final class MultiheadAttention: Module {
    public let embedDim: Int, numHeads: Int
    public let dropout: Double
    public let batchFirst: Bool
    /// `[3E, E]`: W_q, W_k, W_v stacked.
    public let inProjWeight: Tensor
    /// `[3E]`, or nil without bias.
    public let inProjBias: Tensor?
    public let outProj: Linear

    public init(embedDim: Int, numHeads: Int, dropout: Double = 0, bias: Bool = true, batchFirst: Bool = false) {
        precondition(
            embedDim > 0 && numHeads > 0 && embedDim % numHeads == 0,
            "MultiheadAttention: embedDim (\(embedDim)) must be divisible by numHeads (\(numHeads))")
        precondition(dropout >= 0 && dropout <= 1, "MultiheadAttention: dropout must be in [0, 1], got \(dropout)")
        (self.embedDim, self.numHeads, self.dropout, self.batchFirst) = (embedDim, numHeads, dropout, batchFirst)
        inProjWeight = Init.xavierUniform(Tensor.zeros([3 * embedDim, embedDim], requiresGrad: true))
        inProjBias = bias ? Tensor.zeros([3 * embedDim], requiresGrad: true) : nil
        outProj = Linear(embedDim, embedDim, bias: bias)
        if let b = outProj.bias { b.fill(0) }
        super.init()
    }

    public var headDim: Int { embedDim / numHeads }

    public override var ownParameters: [(name: String, tensor: Tensor)] {
        [("in_proj_weight", inProjWeight)] + (inProjBias.map { [("in_proj_bias", $0)] } ?? [])
    }

    public override var namedChildren: [(name: String, module: Module)] { [("out_proj", outProj)] }

    /// Attends from `query` to `key`/`value`, shaped `[L, B, E]` / `[S, B, E]`
    /// (`[B, L, E]` with `batchFirst`, or unbatched `[L, E]`).
    ///
    /// - Parameters:
    ///   - keyPaddingMask: `[B, S]` (`[S]` unbatched), which keys are real tokens
    ///     (`.allowed(paddingMask(...))`) or an additive `[B, S]` mask.
    ///   - needWeights: also return the attention weights, `[B, L, S]` averaged over the heads
    ///     (`averageWeights: false`: `[B, heads, L, S]`).
    ///   - attnMask: `[L, S]` or `[B·heads, L, S]`, as in PyTorch.
    ///   - isCausal: forbid attending to later positions (adds the causal mask).
    public func callAsFunction(
        _ query: Tensor, _ key: Tensor, _ value: Tensor, keyPaddingMask: AttentionMask? = nil,
        needWeights: Bool = true, attnMask: AttentionMask? = nil, averageWeights: Bool = true,
        isCausal: Bool = false
    ) -> (output: Tensor, weights: Tensor?) {
        ExerciseTwins.called("MultiheadAttention", twinOf: ["M03-E07"])
        return reportingCall(inputs: [query, key, value], outputs: { [$0.output] + ($0.weights.map { [$0] } ?? []) }) {
            let batched = query.rank == 3
            precondition(
                (query.rank == 2 || batched) && key.rank == query.rank && value.rank == query.rank
                    && query.shape.last == embedDim && key.shape.last == embedDim && value.shape.last == embedDim,
                "MultiheadAttention: query \(query.shape), key \(key.shape) and value \(value.shape) must be [L, B, \(embedDim)] (batch first: [B, L, \(embedDim)]) or unbatched [L, \(embedDim)]"
            )
            // Batch first inside.
            func batchFirstView(_ t: Tensor) -> Tensor { !batched ? t.unsqueeze(axis: 0) : (batchFirst ? t : t.transpose(0, 1)) }
            let (q, k, v) = (batchFirstView(query), key === query ? nil : batchFirstView(key), value === key ? nil : batchFirstView(value))
            let keys = k ?? q, values = v ?? keys
            let (batch, targetLength, sourceLength) = (q.shape[0], q.shape[1], keys.shape[1])
            precondition(
                keys.shape == values.shape && keys.shape[0] == batch,
                "MultiheadAttention: key \(key.shape) and value \(value.shape) must match each other and the batch of query \(query.shape)")

            let (qp, kp, vp) = project(q, keys, values, selfAttention: k == nil && v == nil)
            let masks = [
                self.keyPaddingMask(keyPaddingMask, batch: batch, sourceLength: sourceLength, batched: batched),
                attentionMask(attnMask, batch: batch, targetLength: targetLength, sourceLength: sourceLength),
            ]
            let mask = AttentionMask.sum(masks, dtype: q.dtype).map { AttentionMask.additive($0) }
            let (heads, weights) = scaledDotProductAttention(
                splitHeads(qp, heads: numHeads), splitHeads(kp, heads: numHeads),
                splitHeads(vp, heads: numHeads), mask: mask, causal: isCausal,
                dropout: isTraining ? dropout : 0)
            var output = outProj(mergeHeads(heads))
            output = !batched ? output.squeeze(axis: 0) : (batchFirst ? output : output.transpose(0, 1))
            guard needWeights else { return (output, nil) }
            let w = averageWeights ? weights.mean(axis: 1) : weights
            return (output, batched ? w : w.squeeze(axis: 0))
        }
    }

    /// The module form: self-attention of `x` without masks.
    public override func forward(_ x: Tensor) -> Tensor { self(x, x, x, needWeights: false).output }

    /// x·W_qᵀ, x·W_kᵀ, x·W_vᵀ (plus biases); one GEMM for self-attention.
    private func project(_ q: Tensor, _ k: Tensor, _ v: Tensor, selfAttention: Bool) -> (Tensor, Tensor, Tensor) {
        let e = embedDim
        if selfAttention {
            let qkv = linear(q, inProjWeight, inProjBias).split(sizes: [e, e, e], axis: 2)
            return (qkv[0], qkv[1], qkv[2])
        }
        let w = inProjWeight.split(sizes: [e, e, e])
        let b = inProjBias?.split(sizes: [e, e, e])
        return (linear(q, w[0], b?[0]), linear(k, w[1], b?[1]), linear(v, w[2], b?[2]))
    }

    /// `[B, S]` → `[B, 1, 1, S]`, broadcasting over heads and queries.
    private func keyPaddingMask(_ mask: AttentionMask?, batch: Int, sourceLength: Int, batched: Bool) -> AttentionMask? {
        mask?.map { t in
            let expected = batched ? [batch, sourceLength] : [sourceLength]
            precondition(t.shape == expected, "MultiheadAttention: keyPaddingMask must have shape \(expected), got \(t.shape)")
            return t.reshape([batch, 1, 1, sourceLength])
        }
    }

    /// `[L, S]` stays (it broadcasts); `[B·heads, L, S]` → `[B, heads, L, S]`.
    private func attentionMask(_ mask: AttentionMask?, batch: Int, targetLength: Int, sourceLength: Int) -> AttentionMask? {
        mask?.map { t in
            if t.shape == [targetLength, sourceLength] { return t }
            precondition(
                t.shape == [batch * numHeads, targetLength, sourceLength],
                "MultiheadAttention: attnMask must have shape [\(targetLength), \(sourceLength)] or [\(batch * numHeads), \(targetLength), \(sourceLength)], got \(t.shape)"
            )
            return t.reshape([batch, numHeads, targetLength, sourceLength])
        }
    }

    public override var extraDescription: String {
        "embedDim: \(embedDim), numHeads: \(numHeads)\(dropout != 0 ? ", dropout: \(dropout)" : "")\(batchFirst ? ", batchFirst: true" : "")"
    }
}
