import Foundation

/// Subword BPE in the form of Hugging Face `tokenizers`: a Metaspace pre-tokenizer
/// (spaces become `▁`, one is prepended, each `▁` starts a new word), a BPE model on
/// Unicode scalars with an `<unk>` token, and special tokens first in the vocabulary.
/// Chinese needs no word segmentation: a run of characters is one "word", and BPE
/// learns its frequent character pairs, as SentencePiece does.
///
/// ```swift
/// let bpe = MetaspaceBPE.train(lines: corpus, vocabularySize: 8000, specials: ["<pad>", "<unk>", "<bos>", "<eos>"])
/// let ids = bpe.encode("Click OK.")          // ids of ▁Click ▁OK .
/// bpe.decode(ids)                             // "Click OK."
/// try bpe.saveTokenizerJSON(to: url)          // tokenizers.Tokenizer.from_file(url) encodes the same
/// ```
public struct MetaspaceBPE: Equatable, Sendable {
    public static let replacement: Unicode.Scalar = "\u{2581}"

    /// Tokens by id: specials, the alphabet sorted by code point, then merge results.
    public let tokens: [String]
    /// Merges as token ids, in rank order.
    public let merges: [(left: Int, right: Int)]
    /// Names of the special tokens (at the start of `tokens`); `unknown` must be among them.
    public let specials: [String]
    public let unknown: String

    private let ids: [String: Int]
    /// (left, right) → (rank, merged id).
    private let mergeTable: [UInt64: (rank: Int, id: Int)]

    public init(tokens: [String], merges: [(left: Int, right: Int)], specials: [String], unknown: String) {
        (self.tokens, self.merges, self.specials, self.unknown) = (tokens, merges, specials, unknown)
        var ids: [String: Int] = [:]
        for (id, token) in tokens.enumerated() where ids[token] == nil { ids[token] = id }
        self.ids = ids
        var table: [UInt64: (rank: Int, id: Int)] = [:]
        for (rank, m) in merges.enumerated() where table[Self.key(m.left, m.right)] == nil {
            table[Self.key(m.left, m.right)] = (rank, ids[tokens[m.left] + tokens[m.right]]!)
        }
        mergeTable = table
    }

    public static func == (a: MetaspaceBPE, b: MetaspaceBPE) -> Bool {
        a.tokens == b.tokens && a.specials == b.specials && a.unknown == b.unknown
            && a.merges.elementsEqual(b.merges, by: { $0.left == $1.left && $0.right == $1.right })
    }

    static func key(_ a: Int, _ b: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

    public var vocabularySize: Int { tokens.count }
    /// The id of a token, nil when it is not in the vocabulary.
    public func id(_ token: String) -> Int? { ids[token] }
    public var unknownId: Int { ids[unknown]! }

    /// Metaspace pre-tokenization: spaces become `▁`, a `▁` is prepended unless the text
    /// starts with one, and the text is cut before every `▁` (empty pieces dropped).
    public static func words(_ text: String) -> [[Unicode.Scalar]] {
        var scalars = text.unicodeScalars.map { $0 == " " ? replacement : $0 }
        if scalars.first != replacement { scalars.insert(replacement, at: 0) }
        var words: [[Unicode.Scalar]] = [], current: [Unicode.Scalar] = []
        for s in scalars {
            if s == replacement && !current.isEmpty { words.append(current); current = [] }
            current.append(s)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The ids of one pre-tokenized word: its scalars (unknown ones as `<unk>`), then the
    /// lowest-ranked mergeable pair merged, leftmost first, until none is left.
    func encode(word: [Unicode.Scalar]) -> [Int] {
        var symbols = word.map { ids[String($0)] ?? unknownId }
        while symbols.count > 1 {
            var best: (rank: Int, position: Int, id: Int)?
            for i in 0..<(symbols.count - 1) {
                if let m = mergeTable[Self.key(symbols[i], symbols[i + 1])], m.rank < (best?.rank ?? .max) { best = (m.rank, i, m.id) }
            }
            guard let best else { break }
            symbols.replaceSubrange(best.position...(best.position + 1), with: [best.id])
        }
        return symbols
    }

    /// Token ids of `text` (no special tokens added).
    public func encode(_ text: String) -> [Int] { Self.words(text).flatMap { encode(word: $0) } }

    /// Token strings of `text`.
    public func tokenize(_ text: String) -> [String] { encode(text).map { tokens[$0] } }

    /// Text of `ids`: special tokens skipped, `▁` turned back into spaces, the leading one dropped
    /// (the Metaspace decoder).
    public func decode(_ ids: [Int]) -> String {
        let special = Set(specials)
        var text = ""
        for id in ids where id >= 0 && id < tokens.count && !special.contains(tokens[id]) { text += tokens[id] }
        var scalars = String.UnicodeScalarView(text.unicodeScalars.map { $0 == Self.replacement ? " " : $0 })
        if scalars.first == " " { scalars.removeFirst() }
        return String(scalars)
    }
}
