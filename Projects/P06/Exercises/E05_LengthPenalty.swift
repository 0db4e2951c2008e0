import DeepLearning
import Foundation

/// P06-E05 · Ranking finished beam hypotheses with the GNMT length penalty. Docs/P06.md#p06-e05
///
/// Each hypothesis has its generated tokens (EOS included) and the sum of their
/// log-probabilities. Its score is logProb / lp(length) with
///
///     lp(n) = ((5 + n) / 6)^α        (Wu et al. 2016)
///
/// Return the index of the best-scoring hypothesis (the first one on a tie), or nil
/// when there are none. With α = 0 this is the raw log-probability.
public func bestByLengthPenalty(_ hypotheses: [(tokens: [Int], logProb: Double)], alpha: Double) throws -> Int? {
    // BEGIN SOLUTION
    func score(_ h: (tokens: [Int], logProb: Double)) -> Double { h.logProb / pow((5 + Double(h.tokens.count)) / 6, alpha) }
    var best: Int?
    for (i, h) in hypotheses.enumerated() where best == nil || score(h) > score(hypotheses[best!]) { best = i }
    return best
    // END SOLUTION
}
