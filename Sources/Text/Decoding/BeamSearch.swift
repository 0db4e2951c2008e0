import Foundation
import Tensors

/// A model's next-token distribution: given prefixes (each starting with BOS), the
/// log-probabilities of every next token, a `[prefixes.count, vocabularySize]` tensor.
/// Any model fits: an RNN decoder, a Transformer, or a hand-written table.
public typealias NextTokenLogProbs = (_ prefixes: [[Int]]) -> Tensor

/// How beam search compares finished hypotheses of different lengths.
/// `length` counts generated tokens, EOS included, BOS not.
public enum LengthPenalty: Sendable {
    /// Raw sum of log-probabilities (favours short outputs).
    case none
    /// Sum divided by the length (simple length normalisation).
    case average
    /// Google NMT (Wu et al. 2016): sum divided by `((5 + length) / 6)^alpha`; `alpha` 0.6 is common.
    case gnmt(alpha: Double)

    /// The number the summed log-probability is divided by.
    public func divisor(length: Int) -> Double {
        ExerciseTwins.called("LengthPenalty.divisor", twinOf: ["P06-E05"])
        switch self {
        case .none: return 1
        case .average: return Double(max(length, 1))
        case let .gnmt(alpha): return pow((5 + Double(length)) / 6, alpha)
        }
    }
}

/// One decoded sequence.
public struct Hypothesis: Equatable, Sendable {
    /// Generated tokens, without BOS; ends with EOS when `finished`.
    public var tokens: [Int]
    /// Sum of the log-probabilities of `tokens`.
    public var logProb: Double
    /// `logProb` after the length penalty: what hypotheses are ranked by.
    public var score: Double
    /// Whether the hypothesis ended with EOS (otherwise it hit `maxLength`).
    public var finished: Bool
}

/// Greedy decoding: always take the most likely next token, until EOS or `maxLength` tokens.
/// Internal, like `beamSearch`: over a step function they are exercises M03-E09 and M03-E10;
/// the library exports the batched versions over an `IncrementalDecoder` (BatchedDecoding.swift).
///
/// ```swift
/// let best = greedyDecode(bos: 1, eos: 2, maxLength: 20) { prefixes in model(prefixes) }
/// ```
func greedyDecode(bos: Int, eos: Int, maxLength: Int, step: NextTokenLogProbs) -> Hypothesis {
    var tokens: [Int] = [], logProb = 0.0
    while tokens.count < maxLength {
        let row = logProbRows(step([[bos] + tokens]), count: 1, op: "greedyDecode")[0]
        let next = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
        tokens.append(next)
        logProb += row[next]
        if next == eos { break }
    }
    return Hypothesis(tokens: tokens, logProb: logProb, score: logProb, finished: tokens.last == eos)
}

/// Beam search: keep the `beamWidth` best prefixes; at each step extend each by every
/// token and keep the best `beamWidth` extensions (by log-probability). An extension
/// that emits EOS is finished and set aside (it used one of the `beamWidth` slots). The search stops after `maxLength` tokens, or as soon as
/// `nBest` finished hypotheses exist and no live prefix can still beat the worst of
/// them (log-probabilities never increase with length, so a live prefix's best
/// possible final score is its log-probability over the largest penalty divisor).
/// Returns up to `nBest` hypotheses, best first; unfinished ones fill in when too
/// few finished.
///
/// ```swift
/// let results = beamSearch(bos: 1, eos: 2, beamWidth: 4, maxLength: 30, lengthPenalty: .gnmt(alpha: 0.6)) { prefixes in
///     decoder(prefixes)   // Tensor [prefixes.count, vocab] of log-probabilities
/// }
/// results[0].tokens
/// ```
func beamSearch(
    bos: Int, eos: Int, beamWidth: Int, maxLength: Int, nBest: Int? = nil,
    lengthPenalty: LengthPenalty = .none, step: NextTokenLogProbs
) -> [Hypothesis] {
    precondition(beamWidth > 0, "beamSearch: beamWidth must be positive, got \(beamWidth)")
    precondition(maxLength > 0, "beamSearch: maxLength must be positive, got \(maxLength)")
    let nBest = nBest ?? beamWidth
    precondition(nBest > 0 && nBest <= beamWidth, "beamSearch: nBest (\(nBest)) must be in 1...beamWidth (\(beamWidth))")
    func ranked(_ hs: [Hypothesis]) -> [Hypothesis] {
        hs.sorted { $0.score != $1.score ? $0.score > $1.score : $0.tokens.lexicographicallyPrecedes($1.tokens) }
    }
    var live = [Hypothesis(tokens: [], logProb: 0, score: 0, finished: false)]
    var finished: [Hypothesis] = []
    let largestDivisor = (0...maxLength).map { lengthPenalty.divisor(length: $0) }.max()!

    for length in 1...maxLength where !live.isEmpty {
        let rows = logProbRows(step(live.map { [bos] + $0.tokens }), count: live.count, op: "beamSearch")
        var candidates: [Hypothesis] = []
        for (h, row) in zip(live, rows) {
            for (token, lp) in row.enumerated() where lp > -Double.infinity {
                let logProb = h.logProb + lp
                candidates.append(
                    Hypothesis(
                        tokens: h.tokens + [token], logProb: logProb,
                        score: logProb / lengthPenalty.divisor(length: length), finished: token == eos))
            }
        }
        // The best beamWidth extensions by log-probability (equal length, so the penalty does not matter here).
        candidates.sort { $0.logProb != $1.logProb ? $0.logProb > $1.logProb : $0.tokens.lexicographicallyPrecedes($1.tokens) }
        let kept = candidates.prefix(beamWidth)
        finished = Array(ranked(finished + kept.filter(\.finished)).prefix(nBest))
        live = kept.filter { !$0.finished }
        if length == maxLength { break }
        if finished.count == nBest, let worst = finished.last,
            live.allSatisfy({ $0.logProb / largestDivisor <= worst.score })
        {
            break
        }
    }
    let unfinished = ranked(
        live.map { h in
            var h = h; h.score = h.logProb / lengthPenalty.divisor(length: h.tokens.count); return h
        })
    return Array((finished + unfinished).prefix(nBest))
}

/// The rows of a `[count, vocab]` log-probability tensor, checked.
private func logProbRows(_ t: Tensor, count: Int, op: String) -> [[Double]] {
    precondition(
        t.rank == 2 && t.shape[0] == count,
        "\(op): the step function must return log-probabilities of shape [\(count), vocab], got \(t.shape)")
    let values = t.doubles, width = t.shape[1]
    return (0..<count).map { Array(values[$0 * width..<($0 + 1) * width]) }
}
