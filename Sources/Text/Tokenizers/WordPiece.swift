import Foundation

/// WordPiece, BERT's subword tokenizer. A word is split greedily, longest match
/// first: take the longest prefix in the vocabulary, then the longest `##`-prefixed
/// piece of the rest, and so on; a word that cannot be covered becomes `[UNK]` whole.
///
/// ```swift
/// let wp = WordPiece(vocabulary: ["[UNK]", "un", "##aff", "##able", "runn", "##ing"])
/// wp.tokenize("Unaffable running!")   // ["un", "##aff", "##able", "runn", "##ing", "[UNK]"]
/// wp.detokenize(["un", "##aff", "##able"])   // "unaffable"
/// ```
public struct WordPiece: Tokenizer {
    /// Tokens in id order (a BERT `vocab.txt`).
    public let vocabulary: [String]
    private let lookup: Set<String>
    public let unknownToken: String
    public let continuationPrefix: String
    /// Longer words (in Unicode scalars) become `unknownToken`, as in BERT.
    public let maxCharactersPerWord: Int
    /// Splits text into words before WordPiece; BERT's basic tokenizer by default.
    public var preTokenizer: WordTokenizer

    public init(
        vocabulary: [String], unknownToken: String = "[UNK]", continuationPrefix: String = "##",
        maxCharactersPerWord: Int = 100, preTokenizer: WordTokenizer = .bert()
    ) {
        self.vocabulary = vocabulary
        self.lookup = Set(vocabulary)
        self.unknownToken = unknownToken
        self.continuationPrefix = continuationPrefix
        self.maxCharactersPerWord = maxCharactersPerWord
        self.preTokenizer = preTokenizer
    }

    /// The pieces of one (pre-tokenized) word.
    public func encode(word: String) -> [String] {
        let chars = Array(word.unicodeScalars)
        if chars.count > maxCharactersPerWord { return [unknownToken] }
        var pieces: [String] = []
        var start = 0
        while start < chars.count {
            var end = chars.count
            var found: String?
            while start < end {
                var piece = String(String.UnicodeScalarView(chars[start..<end]))
                if start > 0 { piece = continuationPrefix + piece }
                if lookup.contains(piece) { found = piece; break }
                end -= 1
            }
            guard let found else { return [unknownToken] }
            pieces.append(found)
            start = end
        }
        return pieces
    }

    public func tokenize(_ text: String) -> [String] {
        preTokenizer.tokenize(text).flatMap(encode(word:))
    }

    /// BERT's `convert_tokens_to_string`: join with spaces, glue `##` pieces to their left.
    public func detokenize(_ tokens: [String]) -> String {
        tokens.joined(separator: " ").replacingOccurrences(of: " " + continuationPrefix, with: "")
    }

    /// A `Vocabulary` over the same tokens (special tokens first, as `Vocabulary` orders them).
    public func makeVocabulary(specials: SpecialTokens = .bert) -> Vocabulary {
        Vocabulary(tokens: vocabulary, specials: specials)
    }

    // MARK: Training

    /// Learns a vocabulary of up to `vocabularySize` tokens by WordPiece merges: words start
    /// as their first character and `##`-prefixed other characters; the pair with the highest
    /// `count(ab) / (count(a) * count(b))` is merged (ties: smaller pair in string order)
    /// until the vocabulary is full or no pair is left. `specials` come first, then the
    /// alphabet (sorted), then merged tokens in the order learned.
    public static func train(
        wordCounts: [String: Int], vocabularySize: Int,
        specials: [String] = SpecialTokens.bert.all, unknownToken: String = "[UNK]",
        preTokenizer: WordTokenizer = .bert()
    ) -> WordPiece {
        let prefix = "##"
        let words = wordCounts.map { word, count in
            (word.unicodeScalars.enumerated().map { $0.offset == 0 ? String($0.element) : prefix + String($0.element) }, count)
        }
        var learner = MergeLearner(words: words)
        var vocabulary = specials
        var seen = Set(specials)
        for symbol in learner.symbols.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
        where seen.insert(symbol).inserted { vocabulary.append(symbol) }
        while vocabulary.count < vocabularySize,
            let best = learner.bestPair(minCount: 1, score: { .init(numerator: $0, denominator: $1 * $2) })
        {
            let merged = best.left + (best.right.hasPrefix(prefix) ? String(best.right.dropFirst(prefix.count)) : best.right)
            learner.merge(best.left, best.right, into: merged)
            if seen.insert(merged).inserted { vocabulary.append(merged) }
        }
        return WordPiece(vocabulary: vocabulary, unknownToken: unknownToken, preTokenizer: preTokenizer)
    }

    // MARK: Saving (BERT's vocab.txt)

    /// Writes one token per line, in id order (BERT's `vocab.txt`), atomically.
    public func save(to url: URL) throws {
        try TextFiles.writeAtomically(vocabulary.map { $0 + "\n" }.joined(), to: url)
    }

    /// Reads a `vocab.txt`. Throws `TextFileError` for an empty line, a token with
    /// whitespace, a duplicate token (with its line number) or a missing unknown token.
    public static func load(from url: URL, unknownToken: String = "[UNK]", preTokenizer: WordTokenizer = .bert()) throws -> WordPiece {
        var seen: [String: Int] = [:]
        let lines = TextFiles.lines(try TextFiles.readText(url))
        for (i, token) in lines.enumerated() {
            if token.isEmpty { throw TextFileError.malformed(path: url.path, line: i + 1, reason: "empty token") }
            if token.unicodeScalars.contains(where: \.properties.isWhitespace) {
                throw TextFileError.malformed(path: url.path, line: i + 1, reason: "token \"\(token)\" contains whitespace")
            }
            if let first = seen[token] {
                throw TextFileError.malformed(path: url.path, line: i + 1, reason: "token \"\(token)\" already appeared on line \(first)")
            }
            seen[token] = i + 1
        }
        guard seen[unknownToken] != nil else {
            throw TextFileError.invalidContent(path: url.path, reason: "the vocabulary has no unknown token \"\(unknownToken)\"")
        }
        return WordPiece(vocabulary: lines, unknownToken: unknownToken, preTokenizer: preTokenizer)
    }
}
