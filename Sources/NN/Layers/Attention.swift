import Foundation
import Tensors

/// Which query-key pairs attention may use.
///
/// PyTorch has two conventions for boolean masks (`scaled_dot_product_attention`:
/// true = may attend; `MultiheadAttention`: true = masked). Tensors here have no boolean
/// type, so the meaning is spelled out by the case instead:
///
/// ```swift
/// .allowed(tokens .!= padID)                 // nonzero: may attend, 0: masked
/// .additive(bias)                            // added to the scores (0 or -∞), PyTorch's float masks
/// AttentionMask.causal(5)                    // query i sees keys 0...i
/// .allowed(paddingMask(lengths: [3, 5], maxLength: 5))   // [B, S], 1 for real tokens
/// ```
/// Masks broadcast against the scores `[..., L, S]`.
public enum AttentionMask {
    /// Nonzero where the query may attend to the key, 0 where it may not.
    case allowed(Tensor)
    /// Added to the scaled scores before the softmax: 0 to attend, -∞ to block.
    case additive(Tensor)

    /// Query i may attend to keys 0...i (`is_causal`, PyTorch's top-left-aligned lower triangle), `[L, S]`.
    public static func causal(_ queries: Int, _ keys: Int? = nil) -> AttentionMask {
        ExerciseTwins.called("AttentionMask.causal", twinOf: ["M03-E09", "P06-E04"])
        let keys = keys ?? queries
        return .allowed(
            Tensor(
                (0..<queries).flatMap { i in (0..<keys).map { j in j <= i ? 1.0 : 0.0 } },
                shape: [queries, keys], dtype: .float32))
    }

    /// The mask as an additive tensor of `dtype`: 0 where attention is allowed, -∞ elsewhere.
    func additive(_ dtype: DType) -> Tensor {
        noGrad {
            switch self {
            case .additive(let t): return t.to(dtype)
            case .allowed(let t): return `where`(t .!= 0, Tensor(0, dtype: dtype), Tensor(-.infinity, dtype: dtype))
            }
        }
    }

    /// The same kind of mask over `transform(tensor)` (a reshape, say).
    public func map(_ transform: (Tensor) -> Tensor) -> AttentionMask {
        switch self {
        case .allowed(let t): return .allowed(transform(t))
        case .additive(let t): return .additive(transform(t))
        }
    }

    /// Several masks as one additive tensor (their additive forms summed, broadcasting); nil when all are nil.
    static func sum(_ masks: [AttentionMask?], dtype: DType) -> Tensor? {
        let parts = masks.compactMap { $0?.additive(dtype) }
        guard let first = parts.first else { return nil }
        return noGrad { parts.dropFirst().reduce(first, +) }
    }
}

/// `[B, S]`: 1 at the first `lengths[b]` positions of each row, 0 at the padding after them.
/// Use it as `.allowed(paddingMask(...))`; for `scaledDotProductAttention` on
/// `[B, heads, L, S]` scores, reshape it to `[B, 1, 1, S]` first.
public func paddingMask(lengths: [Int], maxLength: Int, dtype: DType = .float32) -> Tensor {
    ExerciseTwins.called("paddingMask", twinOf: ["P06-E04"])
    precondition(lengths.allSatisfy { $0 >= 0 && $0 <= maxLength }, "paddingMask: lengths \(lengths) must lie in 0...\(maxLength)")
    return Tensor(lengths.flatMap { n in (0..<maxLength).map { $0 < n ? 1.0 : 0.0 } }, shape: [lengths.count, maxLength], dtype: dtype)
}

/// softmax(scale·scores + mask) over the last axis, one fused op (one pass over each row
/// forward, one backward), as attention needs it. The mask is a constant (no gradient).
///
///     y = softmax(z), z = scale·x + mask        dx = scale · y ⊙ (g - Σ g⊙y)
///
/// A row whose every entry is masked with -∞ gives NaN, as in PyTorch.
public func scaledMaskedSoftmax(_ scores: Tensor, scale: Double = 1, mask: Tensor? = nil) -> Tensor {
    precondition(scores.rank >= 1, "scaledMaskedSoftmax: needs at least one dimension, got shape \(scores.shape)")
    let mask = mask.map { m in noGrad { m.to(scores.dtype).expand(scores.shape) } }
    let y = Tensor.zeros(scores.shape, dtype: scores.dtype)
    let width = scores.shape.last!
    scores.dispatchFloat(
        "scaledMaskedSoftmax", float: { softmaxRows(Float.self, scores, mask, y, width: width, scale: scale) },
        double: { softmaxRows(Double.self, scores, mask, y, width: width, scale: scale) })
    return y.recorded("scaledMaskedSoftmax", [scores]) { g, c in
        [
            g.dispatchFloat(
                "scaledMaskedSoftmax backward", float: { softmaxRowsBackward(Float.self, g, c.output, width: width, scale: scale) },
                double: { softmaxRowsBackward(Double.self, g, c.output, width: width, scale: scale) })
        ]
    }
}

private func softmaxRows<T: KernelFloat>(_: T.Type, _ x: Tensor, _ mask: Tensor?, _ y: Tensor, width: Int, scale: Double) {
    let (xp, yp, mp) = (x.pointer(T.self), y.pointer(T.self), mask?.pointer(T.self))
    let s = T(scale)
    for row in 0..<(width == 0 ? 0 : x.count / width) {
        let (src, dst) = (xp + row * width, yp + row * width)
        if let mp {
            let m = mp + row * width
            for j in 0..<width { dst[j] = s * src[j] + m[j] }
        } else {
            for j in 0..<width { dst[j] = s * src[j] }
        }
        var largest = -T.infinity
        for j in 0..<width { largest = max(largest, dst[j]) }
        var total: T = 0
        for j in 0..<width {
            dst[j] = T.exp(dst[j] - largest)
            total += dst[j]
        }
        let inverse = 1 / total
        for j in 0..<width { dst[j] *= inverse }
    }
}

private func softmaxRowsBackward<T: KernelFloat>(_: T.Type, _ g: Tensor, _ y: Tensor, width: Int, scale: Double) -> Tensor {
    let dx = Tensor.zeros(y.shape, dtype: y.dtype)
    let (gp, yp, dp) = (g.pointer(T.self), y.pointer(T.self), dx.pointer(T.self))
    let s = T(scale)
    for row in 0..<(width == 0 ? 0 : y.count / width) {
        let (gr, yr, dr) = (gp + row * width, yp + row * width, dp + row * width)
        var dot: T = 0
        for j in 0..<width { dot += gr[j] * yr[j] }
        for j in 0..<width { dr[j] = s * yr[j] * (gr[j] - dot) }
    }
    return dx
}

/// Attention, softmax(q·kᵀ/√d + mask)·v (`F.scaled_dot_product_attention`), also returning the weights.
///
/// - Parameters:
///   - query: `[..., L, d]`; key: `[..., S, d]`; value: `[..., S, dv]` (leading dimensions broadcast).
///   - mask: which pairs may attend, broadcast against `[..., L, S]`.
///   - causal: also forbid attending to later positions (query i sees keys 0...i).
///   - dropout: probability of zeroing a weight (applied whenever it is > 0, as PyTorch's `dropout_p`).
///   - scale: defaults to 1/√d.
/// - Returns: output `[..., L, dv]` and the weights `[..., L, S]` (after dropout, when there is any).
public func scaledDotProductAttention(
    _ query: Tensor, _ key: Tensor, _ value: Tensor, mask: AttentionMask? = nil,
    causal: Bool = false, dropout p: Double = 0, scale: Double? = nil
) -> (output: Tensor, weights: Tensor) {
    ExerciseTwins.called("scaledDotProductAttention", twinOf: ["M03-E06", "P06-E06"])
    precondition(
        query.rank >= 2 && key.rank >= 2 && value.rank >= 2 && query.shape.last == key.shape.last
            && key.shape[key.rank - 2] == value.shape[value.rank - 2],
        "scaledDotProductAttention: query [..., L, d] \(query.shape), key [..., S, d] \(key.shape) and value [..., S, dv] \(value.shape) do not fit")
    let (queries, keys) = (query.shape[query.rank - 2], key.shape[key.rank - 2])
    let scale = scale ?? 1 / Double(query.shape.last!).squareRoot()
    let scores = query.matmul(key.transpose(-1, -2))
    let masks = [mask, causal ? AttentionMask.causal(queries, keys) : nil]
    var weights = scaledMaskedSoftmax(scores, scale: scale, mask: AttentionMask.sum(masks, dtype: query.dtype))
    if p > 0 { weights = NN.dropout(weights, p: p) }
    return (weights.matmul(value), weights)
}

/// Attention of `heads` heads over `[B, L, heads·d]` queries, keys and values: each
/// head's slice of the features attends on its own (see `scaledDotProductAttention`),
/// and the heads' outputs are concatenated again. Returns the output `[B, L, heads·dv]`
/// and the weights `[B, heads, L, S]`. (Splitting and merging the heads is exercise
/// M03-E07, so the library keeps those two steps to itself.)
public func multiHeadAttention(
    _ query: Tensor, _ key: Tensor, _ value: Tensor, heads: Int, mask: AttentionMask? = nil,
    causal: Bool = false, dropout p: Double = 0
) -> (output: Tensor, weights: Tensor) {
    ExerciseTwins.called("multiHeadAttention", twinOf: ["M03-E07"])
    let (output, weights) = scaledDotProductAttention(
        splitHeads(query, heads: heads), splitHeads(key, heads: heads),
        splitHeads(value, heads: heads), mask: mask, causal: causal, dropout: p)
    return (mergeHeads(output), weights)
}

/// `[B, L, heads·d]` → `[B, heads, L, d]`: each head's slice of the features becomes its own sequence.
func splitHeads(_ x: Tensor, heads: Int) -> Tensor {
    precondition(
        x.rank == 3 && heads > 0 && x.shape[2] % heads == 0,
        "splitHeads: expected [B, L, E] with E divisible by \(heads) heads, got \(x.shape)")
    return x.reshape([x.shape[0], x.shape[1], heads, x.shape[2] / heads]).transpose(1, 2)
}

/// `[B, heads, L, d]` → `[B, L, heads·d]`, the inverse of `splitHeads`.
func mergeHeads(_ x: Tensor) -> Tensor {
    precondition(x.rank == 4, "mergeHeads: expected [B, heads, L, d], got \(x.shape)")
    return x.transpose(1, 2).reshape([x.shape[0], x.shape[2], x.shape[1] * x.shape[3]])
}
