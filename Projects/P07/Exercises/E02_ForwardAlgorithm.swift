import Foundation

/// P07-E02 · A path's score and the forward algorithm. Docs/P07.md#p07-e02
///
/// A linear-chain CRF over K tags scores a tag path y₀…y_{L−1} of a sentence with emission
/// scores `emissions[t][k]` (L rows of K):
///
///     s(y) = start[y₀] + Σₜ emissions[t][yₜ] + Σₜ₌₁ transitions[yₜ₋₁][yₜ] + end[y_{L−1}]
///
/// `crfPathScore`: s(tags).
///
/// `crfLogPartition`: log Z = log Σ_y exp(s(y)) over all K^L paths, without enumerating
/// them: α₀[j] = start[j] + emissions[0][j];
/// αₜ[j] = logsumexp_i(αₜ₋₁[i] + transitions[i][j]) + emissions[t][j];
/// log Z = logsumexp_j(α_{L−1}[j] + end[j]). Compute logsumexp stably (subtract the maximum).
/// −log p(tags) = log Z − s(tags) is the CRF's training loss.
public func crfPathScore(emissions: [[Double]], transitions: [[Double]], start: [Double], end: [Double], tags: [Int]) throws -> Double {
    precondition(tags.count == emissions.count && !tags.isEmpty, "crfPathScore: \(tags.count) tags for \(emissions.count) positions")
    // BEGIN SOLUTION
    var score = start[tags[0]] + end[tags[tags.count - 1]]
    for (t, tag) in tags.enumerated() {
        score += emissions[t][tag]
        if t > 0 { score += transitions[tags[t - 1]][tag] }
    }
    return score
    // END SOLUTION
}

public func crfLogPartition(emissions: [[Double]], transitions: [[Double]], start: [Double], end: [Double]) throws -> Double {
    precondition(!emissions.isEmpty, "crfLogPartition: a sentence has at least one position")
    // BEGIN SOLUTION
    func logSumExp(_ x: [Double]) -> Double {
        let m = x.max()!
        return m + log(x.map { exp($0 - m) }.reduce(0, +))
    }
    let k = start.count
    var alpha = (0..<k).map { start[$0] + emissions[0][$0] }
    for t in 1..<emissions.count {
        alpha = (0..<k).map { j in logSumExp((0..<k).map { alpha[$0] + transitions[$0][j] }) + emissions[t][j] }
    }
    return logSumExp((0..<k).map { alpha[$0] + end[$0] })
    // END SOLUTION
}
