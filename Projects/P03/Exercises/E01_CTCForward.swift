import Foundation

/// P03-E01 · The CTC forward (α) recursion and the loss. Docs/P03.md#p03-e01
///
/// `logProbs[t][c]` is log yₜ(c) for one sample (T frames, C classes, a log-softmax per frame);
/// `target` its labels (never `blank`). Return −log p(target | x), where p sums over every
/// frame alignment that collapses to the target (merge repeats, then drop blanks).
///
/// Work on the extended sequence l′ = blank, l₁, blank, l₂, …, blank (2S+1 symbols), in log
/// space (use `logSumExp` below):
///
///     α₀(0) = log y₀(blank),  α₀(1) = log y₀(l₁),  α₀(s) = −∞ for s ≥ 2
///     αₜ(s) = log yₜ(l′ₛ) + logsumexp(αₜ₋₁(s), αₜ₋₁(s−1), αₜ₋₁(s−2) only if l′ₛ ≠ blank and l′ₛ ≠ l′ₛ₋₂)
///     loss  = −logsumexp(α_T−1(2S), α_T−1(2S−1))
///
/// A target that no alignment fits (too few frames) gives +∞. With T = 0 the loss is +∞.
public func ctcNegativeLogLikelihood(logProbs: [[Double]], target: [Int], blank: Int = 0) throws -> Double {
    // BEGIN SOLUTION
    let extended = target.reduce(into: [blank]) { $0 += [$1, blank] }
    guard let first = logProbs.first else { return .infinity }
    var previous = [Double](repeating: -.infinity, count: extended.count)
    previous[0] = first[extended[0]]
    if extended.count > 1 { previous[1] = first[extended[1]] }
    for frame in logProbs.dropFirst() {
        var current = [Double](repeating: -.infinity, count: extended.count)
        for s in extended.indices {
            var incoming = [previous[s]]
            if s > 0 { incoming.append(previous[s - 1]) }
            if s > 1 && extended[s] != blank && extended[s] != extended[s - 2] { incoming.append(previous[s - 2]) }
            current[s] = frame[extended[s]] + logSumExp(incoming)
        }
        previous = current
    }
    return -logSumExp(Array(previous.suffix(2)))
    // END SOLUTION
}

/// log Σ exp(xᵢ), safe for large and −∞ values (−∞ for an empty list or all −∞).
public func logSumExp(_ values: [Double]) -> Double {
    let largest = values.max() ?? -.infinity
    guard largest > -.infinity else { return -.infinity }
    return largest + log(values.reduce(0) { $0 + exp($1 - largest) })
}
