import DeepLearning

/// M01-E04 · Softmax cross-entropy: the loss and its gradient. Docs/M01.md#m01-e04
///
/// `logits` is [N, C], `labels` holds N class indices (int64). Return the mean
/// loss L = -(1/N) Σᵢ log softmax(logitsᵢ)[labelsᵢ] and ∂L/∂logits [N, C].
/// Stay stable for large logits: subtract each row's maximum first.
public func softmaxCrossEntropy(logits: Tensor, labels: Tensor) throws -> (loss: Double, gradLogits: Tensor) {
    // BEGIN SOLUTION
    let n = logits.shape[0], classes = logits.shape[1]
    let shifted = logits - logits.max(axis: 1, keepDims: true)
    let logProbs = shifted - shifted.exp().sum(axis: 1, keepDims: true).log()
    let oneHot = labels.oneHot(classes: classes, dtype: logits.dtype)
    let loss = -(logProbs * oneHot).sum().item / Double(n)
    let grad = (logProbs.exp() - oneHot) / Double(n)
    return (loss, grad)
    // END SOLUTION
}
