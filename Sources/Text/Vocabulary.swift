import Foundation

/// The special tokens a vocabulary reserves, each optional. They take the first ids,
/// in the order pad, unk, bos, eos, mask, cls, sep (so `<pad>` is 0 by default).
public struct SpecialTokens: Codable, Equatable, Sendable {
    public var pad: String?
    public var unk: String?
    public var bos: String?
    public var eos: String?
    public var mask: String?
    public var cls: String?
    public var sep: String?

    public init(
        pad: String? = nil, unk: String? = nil, bos: String? = nil, eos: String? = nil,
        mask: String? = nil, cls: String? = nil, sep: String? = nil
    ) {
        (self.pad, self.unk, self.bos, self.eos, self.mask, self.cls, self.sep) = (pad, unk, bos, eos, mask, cls, sep)
    }

    /// `<pad> <unk> <bos> <eos> <mask>`: sequence-to-sequence models.
    public static let standard = SpecialTokens(pad: "<pad>", unk: "<unk>", bos: "<bos>", eos: "<eos>", mask: "<mask>")
    /// `[PAD] [UNK] [MASK] [CLS] [SEP]`: BERT's names.
    public static let bert = SpecialTokens(pad: "[PAD]", unk: "[UNK]", mask: "[MASK]", cls: "[CLS]", sep: "[SEP]")

    /// The tokens that are set, in id order.
    public var all: [String] { [pad, unk, bos, eos, mask, cls, sep].compactMap { $0 } }
}

/// A bijection between tokens and integer ids, like torchtext's `Vocab`.
///
/// ```swift
/// let counts = Vocabulary.count([["the", "cat"], ["the", "dog"]])
/// let vocab = Vocabulary(counts: counts, minFrequency: 1)
/// vocab.encode(["the", "cow"])        // [5, 1]: "the" and <unk>
/// vocab.decode([5, 1])                // ["the", "<unk>"]
/// ```
public struct Vocabulary: Equatable, Sendable {
    /// Tokens by id.
    public private(set) var tokens: [String]
    public let specials: SpecialTokens
    private var ids: [String: Int]

    /// A vocabulary of `specials` followed by `tokens` (duplicates and specials are skipped).
    public init(tokens: [String], specials: SpecialTokens = .standard) {
        self.specials = specials
        self.tokens = []
        self.ids = [:]
        for token in specials.all + tokens where ids[token] == nil {
            ids[token] = self.tokens.count
            self.tokens.append(token)
        }
    }

    /// The most frequent tokens, most frequent first (ties in string order), keeping
    /// those seen at least `minFrequency` times; `maxSize` counts the special tokens too.
    public init(counts: [String: Int], minFrequency: Int = 1, maxSize: Int? = nil, specials: SpecialTokens = .standard) {
        var kept = counts.filter { $0.value >= minFrequency }.sorted {
            $0.value != $1.value ? $0.value > $1.value : $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars)
        }.map(\.key).filter { !specials.all.contains($0) }
        if let maxSize { kept = Array(kept.prefix(max(0, maxSize - specials.all.count))) }
        self.init(tokens: kept, specials: specials)
    }

    /// Token frequencies over tokenized sentences.
    public static func count<S: Sequence>(_ sentences: S) -> [String: Int] where S.Element == [String] {
        var counts: [String: Int] = [:]
        for sentence in sentences { for token in sentence { counts[token, default: 0] += 1 } }
        return counts
    }

    public var count: Int { tokens.count }
    public func contains(_ token: String) -> Bool { ids[token] != nil }

    /// The id of `token`, or `nil` when it is unknown.
    public func id(_ token: String) -> Int? { ids[token] }

    /// The id of `token`, the `unk` id for unknown tokens.
    public subscript(token: String) -> Int {
        if let id = ids[token] { return id }
        guard let unkId else { preconditionFailure("Vocabulary: unknown token \"\(token)\" and no unk token to map it to") }
        return unkId
    }

    /// The token with id `id`.
    public func token(_ id: Int) -> String {
        precondition(id >= 0 && id < tokens.count, "Vocabulary: id \(id) is out of range 0..<\(tokens.count)")
        return tokens[id]
    }

    public var padId: Int? { specials.pad.flatMap { ids[$0] } }
    public var unkId: Int? { specials.unk.flatMap { ids[$0] } }
    public var bosId: Int? { specials.bos.flatMap { ids[$0] } }
    public var eosId: Int? { specials.eos.flatMap { ids[$0] } }
    public var maskId: Int? { specials.mask.flatMap { ids[$0] } }
    public var clsId: Int? { specials.cls.flatMap { ids[$0] } }
    public var sepId: Int? { specials.sep.flatMap { ids[$0] } }
    /// Ids of all special tokens.
    public var specialIds: Set<Int> { Set(specials.all.compactMap { ids[$0] }) }

    /// Ids of `tokens`, optionally wrapped in `bos ... eos`.
    public func encode(_ tokens: [String], addBosEos: Bool = false) -> [Int] {
        var out = tokens.map { self[$0] }
        if addBosEos {
            guard let bosId, let eosId else { preconditionFailure("Vocabulary.encode: addBosEos needs bos and eos tokens") }
            out = [bosId] + out + [eosId]
        }
        return out
    }

    /// Tokens of `ids`; `skipSpecials` drops pad, bos, eos ... (but keeps unk).
    public func decode(_ ids: [Int], skipSpecials: Bool = false) -> [String] {
        let skipped = skipSpecials ? specialIds.subtracting([unkId].compactMap { $0 }) : []
        return ids.filter { !skipped.contains($0) }.map(token)
    }

    // MARK: Saving

    private struct File: Codable {
        var format: String
        var version: Int
        var specials: SpecialTokens
        var tokens: [String]
    }

    /// Writes `{"format": "vocabulary", "version": 1, "specials": {...}, "tokens": [...]}` atomically.
    public func save(to url: URL) throws {
        try TextFiles.encodeJSON(File(format: "vocabulary", version: 1, specials: specials, tokens: tokens), to: url)
    }

    /// Reads a file written by `save(to:)`. Throws `TextFileError` on a missing or invalid file.
    public static func load(from url: URL) throws -> Vocabulary {
        let file = try TextFiles.decodeJSON(File.self, from: url)
        guard file.format == "vocabulary", file.version == 1 else {
            throw TextFileError.invalidContent(
                path: url.path, reason: "expected format \"vocabulary\" version 1, found \"\(file.format)\" version \(file.version)")
        }
        guard Set(file.tokens).count == file.tokens.count else {
            throw TextFileError.invalidContent(path: url.path, reason: "duplicate tokens")
        }
        let vocab = Vocabulary(tokens: file.tokens, specials: file.specials)
        guard vocab.tokens == file.tokens else {
            throw TextFileError.invalidContent(path: url.path, reason: "the special tokens must come first, in the order pad, unk, bos, eos, mask, cls, sep")
        }
        return vocab
    }
}
