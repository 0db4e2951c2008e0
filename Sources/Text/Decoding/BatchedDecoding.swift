import Foundation
import Tensors

/// A decoder that runs one position at a time for a batch of rows and keeps its own
/// cache (an RNN's state, a Transformer's keys and values).
public protocol IncrementalDecoder: AnyObject {
    /// Feeds each row its latest token and returns the next-token log-probabilities, `[rows, vocab]`.
    func step(_ tokens: [Int]) -> Tensor
    /// Keeps the given rows, in that order (repeats allowed): beam search reorders its cache with this.
    func select(rows: [Int])
}

/// Greedy decoding of a batch: each row takes its most likely token until it emits EOS
/// or has `maxLengths[row]` tokens. Finished rows are dropped from the decoder.
/// Returns the tokens of each row (EOS included when emitted), as `greedyDecode` does for one.
public func batchedGreedyDecode(_ decoder: IncrementalDecoder, bos: Int, eos: Int, maxLengths: [Int]) -> [[Int]] {
    ExerciseTwins.called("batchedGreedyDecode", twinOf: ["M03-E09"])
    var outputs = [[Int]](repeating: [], count: maxLengths.count)
    var active = Array(maxLengths.indices).filter { maxLengths[$0] > 0 }
    decoder.select(rows: active)
    var last = [Int](repeating: bos, count: active.count)
    while !active.isEmpty {
        let rows = rowsOf(decoder.step(last), count: active.count)
        var keep: [Int] = [], nextLast: [Int] = []
        for (r, row) in rows.enumerated() {
            let next = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
            let sentence = active[r]
            outputs[sentence].append(next)
            if next != eos && outputs[sentence].count < maxLengths[sentence] { keep.append(r); nextLast.append(next) }
        }
        if keep.count != active.count { decoder.select(rows: keep) }
        active = keep.map { active[$0] }
        last = nextLast
    }
    return outputs
}

/// Beam search over a batch with one decoder cache: the same search as `beamSearch`
/// (the `beamWidth` best extensions by log-probability, finished ones set aside, the same
/// stopping rule and length penalty), for every sentence at once. Returns each sentence's
/// best hypothesis.
public func batchedBeamSearch(
    _ decoder: IncrementalDecoder, bos: Int, eos: Int, beamWidth: Int, maxLengths: [Int],
    lengthPenalty: LengthPenalty = .none
) -> [Hypothesis] {
    ExerciseTwins.called("batchedBeamSearch", twinOf: ["M03-E10"])
    precondition(beamWidth > 0, "batchedBeamSearch: beamWidth must be positive, got \(beamWidth)")
    func ranked(_ hs: [Hypothesis]) -> [Hypothesis] {
        hs.sorted { $0.score != $1.score ? $0.score > $1.score : $0.tokens.lexicographicallyPrecedes($1.tokens) }
    }
    let empty = Hypothesis(tokens: [], logProb: 0, score: 0, finished: false)
    var live = maxLengths.map { $0 > 0 ? [empty] : [] }
    var finished = [[Hypothesis]](repeating: [], count: maxLengths.count)
    // Decoder row r holds hypothesis rowHypothesis[r] of sentence rowSentence[r].
    var rowSentence = Array(maxLengths.indices).filter { maxLengths[$0] > 0 }, rowHypothesis = rowSentence.map { _ in 0 }
    decoder.select(rows: rowSentence)
    var length = 0
    while !rowSentence.isEmpty {
        length += 1
        let tokens = zip(rowSentence, rowHypothesis).map { live[$0][$1].tokens.last ?? bos }
        let rows = rowsOf(decoder.step(tokens), count: rowSentence.count)
        var candidates = [[(hypothesis: Hypothesis, row: Int)]](repeating: [], count: maxLengths.count)
        for (r, row) in rows.enumerated() {
            let (s, h) = (rowSentence[r], live[rowSentence[r]][rowHypothesis[r]])
            // The best beamWidth tokens of a row are all the union's best can use from it.
            for token in topTokens(row, beamWidth) {
                let logProb = h.logProb + row[token]
                candidates[s].append(
                    (
                        Hypothesis(
                            tokens: h.tokens + [token], logProb: logProb,
                            score: logProb / lengthPenalty.divisor(length: length), finished: token == eos), r
                    ))
            }
        }
        var nextSentence: [Int] = [], nextHypothesis: [Int] = [], parents: [Int] = []
        for s in Set(rowSentence).sorted() {
            let kept = candidates[s].sorted {
                $0.hypothesis.logProb != $1.hypothesis.logProb
                    ? $0.hypothesis.logProb > $1.hypothesis.logProb
                    : $0.hypothesis.tokens.lexicographicallyPrecedes($1.hypothesis.tokens)
            }.prefix(beamWidth)
            finished[s] = Array(ranked(finished[s] + kept.map(\.hypothesis).filter(\.finished)).prefix(beamWidth))
            let continuing = kept.filter { !$0.hypothesis.finished }
            live[s] = continuing.map(\.hypothesis)
            let largestDivisor = (0...maxLengths[s]).map { lengthPenalty.divisor(length: $0) }.max()!
            if length >= maxLengths[s] { continue }
            if finished[s].count == beamWidth, let worst = finished[s].last,
                live[s].allSatisfy({ $0.logProb / largestDivisor <= worst.score })
            {
                continue
            }
            for (i, c) in continuing.enumerated() { nextSentence.append(s); nextHypothesis.append(i); parents.append(c.row) }
        }
        decoder.select(rows: parents)
        (rowSentence, rowHypothesis) = (nextSentence, nextHypothesis)
    }
    return maxLengths.indices.map { s in
        if let best = finished[s].first { return best }
        let unfinished = live[s].map { h in
            var h = h; h.score = h.logProb / lengthPenalty.divisor(length: h.tokens.count); return h
        }
        return ranked(unfinished).first ?? empty
    }
}

/// The `k` largest finite entries of `row`, best first (the smaller index on ties), in one pass.
func topTokens(_ row: [Double], _ k: Int) -> [Int] {
    var best: [Int] = []
    for (token, value) in row.enumerated() where value > -Double.infinity {
        if best.count == k, let last = best.last, row[last] >= value { continue }
        var i = best.count
        while i > 0 && row[best[i - 1]] < value { i -= 1 }
        best.insert(token, at: i)
        if best.count > k { best.removeLast() }
    }
    return best
}

/// The rows of a `[count, vocab]` tensor, checked.
func rowsOf(_ t: Tensor, count: Int) -> [[Double]] {
    precondition(
        t.rank == 2 && t.shape[0] == count,
        "incremental decoding: the decoder must return log-probabilities of shape [\(count), vocab], got \(t.shape)")
    let values = t.doubles, width = t.shape[1]
    return (0..<count).map { Array(values[$0 * width..<($0 + 1) * width]) }
}
