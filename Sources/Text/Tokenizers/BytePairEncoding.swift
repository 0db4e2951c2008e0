import Foundation

/// Byte-pair encoding on words with an end-of-word marker (Sennrich, Haddow & Birch 2016,
/// as in subword-nmt): a word starts as its characters, the last one carrying `</w>`;
/// training repeatedly merges the most frequent adjacent pair; encoding applies the
/// learned merges, lowest rank first (GPT-2's loop).
///
/// ```swift
/// let bpe = BytePairEncoding.train(wordCounts: ["low": 5, "lower": 2, "newest": 6, "widest": 3], merges: 10)
/// bpe.merges.prefix(3)          // ("e", "s"), ("es", "t</w>"), ("l", "o")
/// bpe.tokenize("newest lowest") // ["newest</w>", "lo", "w", "est</w>"]
/// bpe.detokenize(bpe.tokenize("lower newest"))   // "lower newest"
/// ```
///
/// Ties between equally frequent pairs go to the smaller pair in string order, so
/// training is deterministic. Characters never seen in training stay as they are
/// (a `Vocabulary` maps them to `<unk>`).
public struct BytePairEncoding: Tokenizer, Equatable {
    public static let endOfWord = "</w>"

    /// Learned merges, in the order they were learned (their rank).
    public let merges: [(String, String)]
    /// The initial symbols seen in training: characters, and characters + `</w>`.
    public let alphabet: [String]
    private let ranks: [String: Int]

    public init(merges: [(String, String)], alphabet: [String]) {
        self.merges = merges
        self.alphabet = alphabet
        var ranks: [String: Int] = [:]
        for (rank, (a, b)) in merges.enumerated() where ranks[Self.key(a, b)] == nil { ranks[Self.key(a, b)] = rank }
        self.ranks = ranks
    }

    public static func == (x: BytePairEncoding, y: BytePairEncoding) -> Bool {
        x.alphabet == y.alphabet && x.merges.elementsEqual(y.merges, by: ==)
    }

    private static func key(_ a: String, _ b: String) -> String { a + "\u{0}" + b }

    /// The initial symbols of a word: its characters (Unicode scalars), `</w>` on the last.
    static func split(_ word: String) -> [String] {
        var symbols = word.unicodeScalars.map { String($0) }
        if !symbols.isEmpty { symbols[symbols.count - 1] += endOfWord }
        return symbols
    }

    /// Learns up to `merges` merges from word frequencies, stopping early when the
    /// best pair occurs fewer than `minFrequency` times.
    public static func train(wordCounts: [String: Int], merges: Int, minFrequency: Int = 2) -> BytePairEncoding {
        var learner = MergeLearner(words: wordCounts.map { (split($0.key), $0.value) })
        let alphabet = learner.symbols.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        var learned: [(String, String)] = []
        while learned.count < merges,
            let best = learner.bestPair(minCount: max(1, minFrequency), score: { count, _, _ in .init(numerator: count, denominator: 1) })
        {
            learner.merge(best.left, best.right, into: best.left + best.right)
            learned.append((best.left, best.right))
        }
        return BytePairEncoding(merges: learned, alphabet: alphabet)
    }

    /// Every symbol the encoder can produce (alphabet, then merge results): a vocabulary's tokens.
    public var symbols: [String] {
        var seen = Set(alphabet), out = alphabet
        for (a, b) in merges where seen.insert(a + b).inserted { out.append(a + b) }
        return out
    }

    /// The subword symbols of one word.
    public func encode(word: String) -> [String] {
        var symbols = Self.split(word)
        while symbols.count > 1 {
            // The adjacent pair with the lowest merge rank.
            var best: (rank: Int, left: String, right: String)?
            for (a, b) in zip(symbols, symbols.dropFirst()) {
                if let r = ranks[Self.key(a, b)], r < (best?.rank ?? .max) { best = (r, a, b) }
            }
            guard let best else { break }
            symbols = MergeLearner.replace(symbols, best.left, best.right, with: best.left + best.right)
        }
        return symbols
    }

    /// Splits on whitespace and encodes each word.
    public func tokenize(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).flatMap { encode(word: String($0)) }
    }

    /// Joins symbols; `</w>` becomes a space. `detokenize(tokenize(t))` is `t` with whitespace runs as single spaces.
    public func detokenize(_ tokens: [String]) -> String {
        var text = tokens.joined().replacingOccurrences(of: Self.endOfWord, with: " ")
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    // MARK: Saving

    private struct File: Codable {
        var format: String
        var version: Int
        var endOfWord: String
        var alphabet: [String]
        var merges: [[String]]
    }

    /// Writes the alphabet and the merges (as `[left, right]` pairs, in rank order) as JSON, atomically.
    public func save(to url: URL) throws {
        try TextFiles.encodeJSON(
            File(
                format: "bpe", version: 1, endOfWord: Self.endOfWord,
                alphabet: alphabet, merges: merges.map { [$0.0, $0.1] }), to: url)
    }

    /// Reads a file written by `save(to:)`; throws `TextFileError` when it is missing or invalid.
    public static func load(from url: URL) throws -> BytePairEncoding {
        let file = try TextFiles.decodeJSON(File.self, from: url)
        guard file.format == "bpe", file.version == 1, file.endOfWord == endOfWord else {
            throw TextFileError.invalidContent(path: url.path, reason: "expected format \"bpe\" version 1 with end-of-word \"\(endOfWord)\"")
        }
        var merges: [(String, String)] = []
        for (i, pair) in file.merges.enumerated() {
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                throw TextFileError.invalidContent(path: url.path, reason: "merge \(i) must be two non-empty symbols, found \(pair)")
            }
            merges.append((pair[0], pair[1]))
        }
        return BytePairEncoding(merges: merges, alphabet: file.alphabet)
    }
}
