/// P03-E02 · Greedy CTC decoding, as PaddleOCR decodes its recogniser. Docs/P03.md#p03-e02
///
/// `probabilities[t]` holds the softmax over the classes at frame t; class 0 is the blank and
/// class k ≥ 1 is `alphabet[k]`. Take the most probable class of every frame (the first one on
/// a tie), merge runs of the same class into one, drop the blanks, and join the characters.
/// The confidence is the mean of the kept frames' probabilities (0 when nothing is kept).
///
///     frames  a a ∅ a b b ∅   ->   "aab"  (the blank separates the two a's)
public func greedyCTCDecode(_ probabilities: [[Float]], alphabet: [String]) throws -> (text: String, confidence: Double) {
    // BEGIN SOLUTION
    var text = "", kept: [Double] = [], last = -1
    for frame in probabilities {
        var best = 0
        for k in frame.indices where frame[k] > frame[best] { best = k }
        if best != 0 && best != last {
            text += alphabet[best]
            kept.append(Double(frame[best]))
        }
        last = best
    }
    return (text, kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count))
    // END SOLUTION
}
