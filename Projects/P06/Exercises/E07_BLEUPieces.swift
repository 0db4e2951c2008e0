import DeepLearning
import Foundation

/// P06-E07 · BLEU's clipped n-gram precision and brevity penalty. Docs/P06.md#p06-e07
///
/// `clippedMatches`: the n-grams of the (tokenized) hypothesis, each counted at most as
/// often as it occurs in the reference that has most of it; returns (matches, total
/// hypothesis n-grams). `brevityPenalty`: 1 when the hypothesis is at least as long as
/// the reference, exp(1 - r/c) otherwise (0 for an empty hypothesis).
public func clippedMatches(hypothesis: [String], references: [[String]], n: Int) throws -> (matches: Int, total: Int) {
    precondition(n > 0, "clippedMatches: n must be positive")
    // BEGIN SOLUTION
    func grams(_ words: [String]) -> [[String]: Int] {
        var counts: [[String]: Int] = [:]
        if words.count >= n { for i in 0...(words.count - n) { counts[Array(words[i..<(i + n)]), default: 0] += 1 } }
        return counts
    }
    var maxReference: [[String]: Int] = [:]
    for reference in references { for (g, c) in grams(reference) { maxReference[g] = max(maxReference[g] ?? 0, c) } }
    let hyp = grams(hypothesis)
    return (hyp.reduce(0) { $0 + min($1.value, maxReference[$1.key] ?? 0) }, hyp.values.reduce(0, +))
    // END SOLUTION
}

public func brevityPenalty(hypothesisLength c: Int, referenceLength r: Int) throws -> Double {
    // BEGIN SOLUTION
    if c >= r { return 1 }
    return c == 0 ? 0 : exp(1 - Double(r) / Double(c))
    // END SOLUTION
}
