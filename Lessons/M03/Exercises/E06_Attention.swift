import DeepLearning

/// M03-E06 · Scaled dot-product attention (Vaswani et al. 2017). Docs/M03.md#m03-e06
///
/// `query` [..., L, d], `key` [..., S, d], `value` [..., S, dv]; `allowed` (optional)
/// broadcasts against [..., L, S] and is nonzero where query i may look at key j:
///
///     weights = softmax(q·kᵀ/√d + M),  M = 0 where allowed, −∞ where not
///     output  = weights·v
///
/// Return the output [..., L, dv] and the weights [..., L, S], built from tensor
/// operations so autograd differentiates them.
public func attention(query: Tensor, key: Tensor, value: Tensor, allowed: Tensor? = nil) throws -> (output: Tensor, weights: Tensor) {
    precondition(query.shape.last == key.shape.last, "attention: query \(query.shape) and key \(key.shape) need the same feature size")
    // BEGIN SOLUTION
    var scores = query.matmul(key.transpose(-1, -2)) / Double(query.shape.last!).squareRoot()
    if let allowed {
        let blocked = noGrad { `where`(allowed .!= 0, Tensor(0, dtype: scores.dtype), Tensor(-.infinity, dtype: scores.dtype)) }
        scores = scores + blocked
    }
    let weights = scores.softmax(axis: -1)
    return (weights.matmul(value), weights)
    // END SOLUTION
}
