import DeepLearning

/// M03-E07 · `[B, L, heads·d]` → `[B, heads, L, d]`: each head gets its own slice of the features.
/// Docs/M03.md#m03-e07
public func splitIntoHeads(_ x: Tensor, heads: Int) throws -> Tensor {
    precondition(x.rank == 3 && x.shape[2] % heads == 0, "splitIntoHeads: expected [B, L, E] with E divisible by \(heads), got \(x.shape)")
    // BEGIN SOLUTION
    let (batch, length, features) = (x.shape[0], x.shape[1], x.shape[2])
    return x.reshape([batch, length, heads, features / heads]).transpose(1, 2)
    // END SOLUTION
}

/// M03-E07 · `[B, heads, L, d]` → `[B, L, heads·d]`, the inverse of `splitIntoHeads`.
public func mergeHeads(fromHeads x: Tensor) throws -> Tensor {
    precondition(x.rank == 4, "mergeHeads: expected [B, heads, L, d], got \(x.shape)")
    // BEGIN SOLUTION
    let (batch, heads, length, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    return x.transpose(1, 2).reshape([batch, length, heads * width])
    // END SOLUTION
}

/// M03-E07 · Multi-head self-attention as `torch.nn.MultiheadAttention(E, heads, batch_first=True)`
/// computes it, with its parameters:
///
///     [q k v] = x·W_inᵀ + b_in               W_in [3E, E] (q, k, v stacked), b_in [3E]
///     head_h  = attention(q_h, k_h, v_h)     on each head's slice, d = E/heads
///     out     = merge(heads)·W_outᵀ + b_out   W_out [E, E]
///
/// `x` is [B, L, E]; `allowed` broadcasts against [B, heads, L, L]. Return the output
/// [B, L, E] and the weights averaged over the heads [B, L, L] (PyTorch's default).
public func multiHeadSelfAttention(
    _ x: Tensor, heads: Int, inWeight: Tensor, inBias: Tensor, outWeight: Tensor, outBias: Tensor,
    allowed: Tensor? = nil
) throws -> (output: Tensor, weights: Tensor) {
    // BEGIN SOLUTION
    let qkv = (x.matmul(inWeight.T) + inBias).chunk(3, axis: 2)
    let (q, k, v) = (try splitIntoHeads(qkv[0], heads: heads), try splitIntoHeads(qkv[1], heads: heads), try splitIntoHeads(qkv[2], heads: heads))
    let (perHead, weights) = try attention(query: q, key: k, value: v, allowed: allowed)
    return (try mergeHeads(fromHeads: perHead).matmul(outWeight.T) + outBias, weights.mean(axis: 1))
    // END SOLUTION
}
