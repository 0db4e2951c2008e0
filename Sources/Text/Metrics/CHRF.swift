/// chrF (Popović 2015) exactly as sacreBLEU computes it by default: character n-grams of
/// orders 1...6 with whitespace removed, counts summed over the corpus, then the
/// F-β score (β = 2) of the precision and recall averaged over the orders that occur.
///
///     chrF = 100 · (1 + β²)·P·R / (β²·P + R),   P, R = mean over n of matched/hyp, matched/ref
///
/// ```swift
/// CHRF.corpusScore(hypotheses: ["the cat"], references: [["the cat"]])   // 100
/// CHRF.signature()   // "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0"
/// ```
public enum CHRF {
    public static let charOrder = 6
    public static let beta = 2.0

    /// Corpus chrF; `references[k][i]` is the k-th reference of hypothesis i (sacreBLEU's layout).
    /// With several references, each sentence uses the one with the best sentence score.
    public static func corpusScore(hypotheses: [String], references: [[String]]) -> Double {
        precondition(
            !references.isEmpty && references.allSatisfy { $0.count == hypotheses.count },
            "CHRF.corpusScore: every reference set must have one sentence per hypothesis (\(hypotheses.count))")
        var total = [Int](repeating: 0, count: 3 * charOrder)
        for (i, hypothesis) in hypotheses.enumerated() {
            let hyp = ngrams(hypothesis)
            var best: (score: Double, stats: [Int])?
            for set in references {
                let stats = statistics(hyp, ngrams(set[i]))
                let score = fScore(stats)
                if best == nil || score > best!.score { best = (score, stats) }
            }
            for j in total.indices { total[j] += best!.stats[j] }
        }
        return fScore(total)
    }

    public static func signature(version: String = "2.6.0") -> String {
        "nrefs:1|case:mixed|eff:yes|nc:\(charOrder)|nw:0|space:no|version:\(version)"
    }

    /// Counts of character n-grams of orders 1...6 in `line` with its whitespace removed.
    static func ngrams(_ line: String) -> [[ArraySlice<Unicode.Scalar>: Int]] {
        let chars = Array(line.unicodeScalars.filter { !BLEU.isPythonWhitespace($0) })
        return (1...charOrder).map { n in
            var counts: [ArraySlice<Unicode.Scalar>: Int] = [:]
            if chars.count >= n { for i in 0...(chars.count - n) { counts[chars[i..<(i + n)], default: 0] += 1 } }
            return counts
        }
    }

    /// [hyp, ref, match] for each order.
    static func statistics(_ hyp: [[ArraySlice<Unicode.Scalar>: Int]], _ ref: [[ArraySlice<Unicode.Scalar>: Int]]) -> [Int] {
        zip(hyp, ref).flatMap { h, r in
            [h.values.reduce(0, +), r.values.reduce(0, +), h.reduce(0) { $0 + min($1.value, r[$1.key] ?? 0) }]
        }
    }

    /// sacreBLEU's `_compute_f_score` without eps smoothing.
    static func fScore(_ stats: [Int]) -> Double {
        let factor = beta * beta
        var (precision, recall, orders) = (0.0, 0.0, 0)
        for n in 0..<charOrder {
            let (hyp, ref, match) = (stats[3 * n], stats[3 * n + 1], stats[3 * n + 2])
            if hyp > 0 && ref > 0 {
                precision += Double(match) / Double(hyp)
                recall += Double(match) / Double(ref)
                orders += 1
            }
        }
        guard orders > 0 else { return 0 }
        (precision, recall) = (precision / Double(orders), recall / Double(orders))
        guard precision + recall > 0 else { return 0 }
        let score = (1 + factor) * precision * recall / (factor * precision + recall)  // sacreBLEU's order of operations
        return 100 * score
    }
}
