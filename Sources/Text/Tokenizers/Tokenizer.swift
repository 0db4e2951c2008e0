/// Splits text into string tokens and joins them back. Map tokens to ids with a `Vocabulary`.
public protocol Tokenizer {
    func tokenize(_ text: String) -> [String]
    /// The text the tokens stand for (as far as the tokenizer keeps it: whitespace may be normalised).
    func detokenize(_ tokens: [String]) -> String
}

extension Tokenizer {
    /// Tokenizes and maps to ids in one go.
    public func encode(_ text: String, with vocabulary: Vocabulary, addBosEos: Bool = false) -> [Int] {
        vocabulary.encode(tokenize(text), addBosEos: addBosEos)
    }

    /// Maps ids back to tokens (dropping special tokens) and joins them.
    public func decode(_ ids: [Int], with vocabulary: Vocabulary) -> String {
        detokenize(vocabulary.decode(ids, skipSpecials: true))
    }
}

/// One token per character (grapheme cluster, so "é" or "👍🏽" stay whole).
///
/// ```swift
/// CharacterTokenizer().tokenize("Hi!")   // ["H", "i", "!"]
/// ```
public struct CharacterTokenizer: Tokenizer {
    public var lowercase: Bool
    public init(lowercase: Bool = false) { self.lowercase = lowercase }

    public func tokenize(_ text: String) -> [String] { (lowercase ? text.lowercased() : text).map(String.init) }
    public func detokenize(_ tokens: [String]) -> String { tokens.joined() }
}
