import DeepLearning

/// M03-E10 · Beam search without length penalty. Docs/M03.md#m03-e10
///
/// Keep the `beamWidth` most likely prefixes (sum of log-probabilities). At each step
/// extend every live prefix by every token (`step` gets all live prefixes, each
/// starting with BOS, and returns [prefixes, vocab] log-probabilities), keep the best
/// `beamWidth` extensions; an extension ending in EOS is finished and leaves the beam.
/// Stop when no prefix is live or after `maxLength` generated tokens. Return the best
/// finished sequence (without BOS, with EOS), or the best live one if none finished.
/// With `beamWidth` 1 this is greedy decoding; with a wide enough beam it finds the
/// most likely sequence of all.
public func beamSearchDecode(bos: Int, eos: Int, beamWidth: Int, maxLength: Int, step: NextTokenLogProbs) throws -> [Int] {
    precondition(beamWidth > 0 && maxLength > 0, "beamSearchDecode: beamWidth (\(beamWidth)) and maxLength (\(maxLength)) must be positive")
    // BEGIN SOLUTION
    var live: [(tokens: [Int], logProb: Double)] = [([], 0)]
    var finished: [(tokens: [Int], logProb: Double)] = []
    for _ in 0..<maxLength where !live.isEmpty {
        let rows = step(live.map { [bos] + $0.tokens })
        let vocabulary = rows.shape[1], values = rows.doubles
        var candidates: [(tokens: [Int], logProb: Double)] = []
        for (b, prefix) in live.enumerated() {
            for token in 0..<vocabulary where values[b * vocabulary + token] > -.infinity {
                candidates.append((prefix.tokens + [token], prefix.logProb + values[b * vocabulary + token]))
            }
        }
        candidates.sort { $0.logProb > $1.logProb }
        let kept = candidates.prefix(beamWidth)
        finished += kept.filter { $0.tokens.last == eos }
        live = kept.filter { $0.tokens.last != eos }
    }
    let best = (finished.isEmpty ? live : finished).max { $0.logProb < $1.logProb }
    return best?.tokens ?? []
    // END SOLUTION
}
