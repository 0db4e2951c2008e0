import DeepLearning
import Foundation

/// M03-E02 · GloVe's weighting function (Pennington et al. 2014). Docs/M03.md#m03-e02
///
///     f(x) = (x / xMax)^α  for x < xMax,   1 otherwise
public func gloveWeight(_ x: Double, xMax: Double = 100, alpha: Double = 0.75) throws -> Double {
    // BEGIN SOLUTION
    x < xMax ? pow(x / xMax, alpha) : 1
    // END SOLUTION
}

/// M03-E02 · GloVe's weighted least-squares loss over N co-occurring pairs (i, j).
///
/// `wordVectors` w_i and `contextVectors` w̃_j are [N, D], `wordBiases` b_i and
/// `contextBiases` b̃_j are [N], `counts` X_ij are the co-occurrence counts (all > 0):
///
///     J = Σ_n f(X_n) · (w_n·w̃_n + b_n + b̃_n − log X_n)²
///
/// Build J from tensor operations so autograd can differentiate it.
public func gloveLoss(
    wordVectors: Tensor, contextVectors: Tensor, wordBiases: Tensor, contextBiases: Tensor,
    counts: [Double], xMax: Double = 100, alpha: Double = 0.75
) throws -> Tensor {
    precondition(
        wordVectors.shape == contextVectors.shape && wordVectors.rank == 2 && wordBiases.shape == [wordVectors.shape[0]]
            && contextBiases.shape == wordBiases.shape && counts.count == wordVectors.shape[0],
        "gloveLoss: vectors \(wordVectors.shape), \(contextVectors.shape), biases \(wordBiases.shape), \(contextBiases.shape) and \(counts.count) counts do not fit"
    )
    // BEGIN SOLUTION
    let dtype = wordVectors.dtype
    let weights = Tensor(try counts.map { try gloveWeight($0, xMax: xMax, alpha: alpha) }, shape: [counts.count], dtype: dtype)
    let logCounts = Tensor(counts.map { Foundation.log($0) }, shape: [counts.count], dtype: dtype)
    let residual = (wordVectors * contextVectors).sum(axis: 1) + wordBiases + contextBiases - logCounts
    return (weights * residual * residual).sum()
    // END SOLUTION
}
