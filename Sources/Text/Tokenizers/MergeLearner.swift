/// The loop shared by BPE and WordPiece training: words are sequences of symbols,
/// and the best-scoring adjacent pair is merged into a new symbol, again and again.
///
/// Pair counts are updated incrementally: a merge touches only the words that
/// contain the pair (found through an index), as in subword-nmt's fast learner.
struct MergeLearner {
    struct Pair: Hashable { var left: Int, right: Int }

    private(set) var symbols: [String] = []
    private var symbolIds: [String: Int] = [:]
    private var words: [[Int]] = []
    private var wordCounts: [Int] = []
    private(set) var pairCounts: [Pair: Int] = [:]
    /// How often each symbol occurs in the corpus (for WordPiece's score).
    private(set) var symbolCounts: [Int] = []
    private var wordsWithPair: [Pair: Set<Int>] = [:]

    /// `words`: each word split into its initial symbols, with its corpus frequency.
    init(words: [(symbols: [String], count: Int)]) {
        for (index, word) in words.enumerated() {
            let ids = word.symbols.map { intern($0) }
            self.words.append(ids)
            wordCounts.append(word.count)
            add(word: index, sign: 1)
        }
    }

    private mutating func intern(_ symbol: String) -> Int {
        if let id = symbolIds[symbol] { return id }
        symbolIds[symbol] = symbols.count
        symbols.append(symbol)
        symbolCounts.append(0)
        return symbols.count - 1
    }

    /// Adds (sign 1) or removes (sign -1) the pair and symbol counts of one word.
    private mutating func add(word index: Int, sign: Int) {
        let word = words[index], n = wordCounts[index] * sign
        for s in word { symbolCounts[s] += n }
        for (a, b) in zip(word, word.dropFirst()) {
            let pair = Pair(left: a, right: b)
            let updated = pairCounts[pair, default: 0] + n
            pairCounts[pair] = updated == 0 ? nil : updated
            if sign > 0 { wordsWithPair[pair, default: []].insert(index) }
        }
    }

    /// A pair's score as an exact fraction, so equal scores tie exactly.
    struct Score { var numerator: Int, denominator: Int }

    /// The pair with the highest `score(pairCount, leftCount, rightCount)` among pairs
    /// seen at least `minCount` times; ties go to the smaller (left, right) in string order.
    func bestPair(minCount: Int, score: (Int, Int, Int) -> Score) -> (left: String, right: String, count: Int)? {
        var best: (pair: Pair, score: Score)?
        for (pair, count) in pairCounts where count >= minCount {
            let s = score(count, symbolCounts[pair.left], symbolCounts[pair.right])
            if let b = best {
                let order = Self.compare(s, b.score)
                if order < 0 || (order == 0 && !precedes(pair, b.pair)) { continue }
            }
            best = (pair, s)
        }
        guard let pair = best?.pair else { return nil }
        return (symbols[pair.left], symbols[pair.right], pairCounts[pair]!)
    }

    /// Sign of x - y, by exact cross-multiplication.
    static func compare(_ x: Score, _ y: Score) -> Int {
        let lhs = x.numerator.multipliedFullWidth(by: y.denominator)
        let rhs = y.numerator.multipliedFullWidth(by: x.denominator)
        if lhs.high != rhs.high { return lhs.high < rhs.high ? -1 : 1 }
        return lhs.low == rhs.low ? 0 : (lhs.low < rhs.low ? -1 : 1)
    }

    private func precedes(_ p: Pair, _ q: Pair) -> Bool {
        let (a, b) = (symbols[p.left].unicodeScalars, symbols[q.left].unicodeScalars)
        if !a.elementsEqual(b) { return a.lexicographicallyPrecedes(b) }
        return symbols[p.right].unicodeScalars.lexicographicallyPrecedes(symbols[q.right].unicodeScalars)
    }

    /// Replaces every non-overlapping occurrence (left to right) of `left right` by `merged`.
    mutating func merge(_ left: String, _ right: String, into merged: String) {
        guard let a = symbolIds[left], let b = symbolIds[right],
            let affected = wordsWithPair.removeValue(forKey: Pair(left: a, right: b))
        else { return }
        let m = intern(merged)
        for index in affected.sorted() {
            add(word: index, sign: -1)
            words[index] = Self.replace(words[index], a, b, with: m)
            add(word: index, sign: 1)
        }
    }

    /// `word` with each non-overlapping `a b` (left to right) replaced by `m`.
    static func replace<Symbol: Equatable>(_ word: [Symbol], _ a: Symbol, _ b: Symbol, with m: Symbol) -> [Symbol] {
        var out: [Symbol] = []
        out.reserveCapacity(word.count)
        var i = 0
        while i < word.count {
            if i + 1 < word.count && word[i] == a && word[i + 1] == b {
                out.append(m)
                i += 2
            } else {
                out.append(word[i])
                i += 1
            }
        }
        return out
    }
}

/// Word frequencies of whitespace-separated text, the input of BPE and WordPiece training.
public func wordCounts(_ text: String, tokenizer: Tokenizer? = nil) -> [String: Int] {
    var counts: [String: Int] = [:]
    let words = tokenizer?.tokenize(text) ?? text.split(whereSeparator: \.isWhitespace).map(String.init)
    for word in words { counts[word, default: 0] += 1 }
    return counts
}
