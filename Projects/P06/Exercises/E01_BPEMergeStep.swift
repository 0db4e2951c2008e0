import DeepLearning

/// P06-E01 · One BPE merge step. Docs/P06.md#p06-e01
///
/// `words` are words split into symbols, each with its corpus count. Count every
/// adjacent pair of symbols (a word contributes its count once per occurrence of the
/// pair), pick the most frequent pair — ties go to the smaller pair, comparing the left
/// symbols, then the right ones, by Unicode scalars — and rewrite every word with each
/// occurrence of that pair (left to right, non-overlapping) merged into one symbol.
/// Return nil when no word has two symbols.
public func bpeMergeStep(_ words: [(symbols: [String], count: Int)]) throws -> (pair: (String, String), words: [(symbols: [String], count: Int)])? {
    // BEGIN SOLUTION
    var counts: [[String]: Int] = [:]
    for (symbols, count) in words {
        for (a, b) in zip(symbols, symbols.dropFirst()) { counts[[a, b], default: 0] += count }
    }
    func smaller(_ x: [String], _ y: [String]) -> Bool {
        x[0] != y[0]
            ? x[0].unicodeScalars.lexicographicallyPrecedes(y[0].unicodeScalars)
            : x[1].unicodeScalars.lexicographicallyPrecedes(y[1].unicodeScalars)
    }
    guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : smaller($1.key, $0.key) })?.key else { return nil }
    let merged = words.map { word -> (symbols: [String], count: Int) in
        var out: [String] = [], i = 0
        while i < word.symbols.count {
            if i + 1 < word.symbols.count && word.symbols[i] == best[0] && word.symbols[i + 1] == best[1] {
                out.append(best[0] + best[1]); i += 2
            } else {
                out.append(word.symbols[i]); i += 1
            }
        }
        return (out, word.count)
    }
    return ((best[0], best[1]), merged)
    // END SOLUTION
}
