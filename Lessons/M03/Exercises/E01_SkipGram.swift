import DeepLearning

/// The loss of one (center, context) pair with K negative words, and its gradients.
public struct SkipGramGradients {
    public var loss: Double
    /// ∂L/∂v, [D].
    public var center: Tensor
    /// ∂L/∂u_o, [D].
    public var context: Tensor
    /// ∂L/∂u_k, [K, D].
    public var negatives: Tensor
    public init(loss: Double, center: Tensor, context: Tensor, negatives: Tensor) {
        (self.loss, self.center, self.context, self.negatives) = (loss, center, context, negatives)
    }
}

/// M03-E01 · Skip-gram with negative sampling (Mikolov et al. 2013). Docs/M03.md#m03-e01
///
/// `center` is the input vector v of the center word [D], `context` the output vector
/// u_o of the word seen next to it [D], `negatives` the output vectors u_k of K words
/// drawn from the noise distribution [K, D]:
///
///     L = −log σ(u_o·v) − Σ_k log σ(−u_k·v)
///
/// Return L and its gradients with respect to v, u_o and every u_k, by hand
/// (σ'(x) = σ(x)(1 − σ(x)), so d/dx −log σ(x) = σ(x) − 1).
public func skipGramNegativeSampling(center: Tensor, context: Tensor, negatives: Tensor) throws -> SkipGramGradients {
    precondition(
        center.rank == 1 && context.shape == center.shape && negatives.rank == 2 && negatives.shape[1] == center.shape[0],
        "skipGramNegativeSampling: center \(center.shape), context \(context.shape) and negatives \(negatives.shape) must be [D], [D], [K, D]")
    // BEGIN SOLUTION
    let positive = (context * center).sum()  // u_o·v
    let negative = negatives.matmul(center.unsqueeze(axis: 1)).squeeze(axis: 1)  // u_k·v, [K]
    let loss = softplus(-positive).item + softplus(negative).sum().item  // −log σ(x) = softplus(−x)
    let dPositive = positive.sigmoid() - 1  // ∂L/∂(u_o·v)
    let dNegative = negative.sigmoid()  // ∂L/∂(u_k·v)
    return SkipGramGradients(
        loss: loss,
        center: context * dPositive + dNegative.unsqueeze(axis: 0).matmul(negatives).squeeze(axis: 0),
        context: center * dPositive,
        negatives: dNegative.unsqueeze(axis: 1) * center.unsqueeze(axis: 0))
    // END SOLUTION
}
