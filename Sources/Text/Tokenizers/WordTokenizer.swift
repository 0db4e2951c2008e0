import Foundation

/// Splits text into words on whitespace and, optionally, punctuation; with
/// `.bert()` it is BERT's "basic tokenizer" (`BertNormalizer` + `BertPreTokenizer`
/// of Hugging Face `tokenizers`): control characters removed, CJK ideographs
/// isolated, accents stripped, lowercased, punctuation split off.
///
/// ```swift
/// WordTokenizer(lowercase: true).tokenize("Hello, World!")   // ["hello", ",", "world", "!"]
/// WordTokenizer.bert().tokenize("Héllo 東京")                   // ["hello", "東", "京"]
/// ```
public struct WordTokenizer: Tokenizer {
    public var lowercase: Bool
    /// Each punctuation character becomes its own token ("don't" -> "don", "'", "t").
    public var splitPunctuation: Bool
    /// Unicode NFD, then drop non-spacing marks ("é" -> "e").
    public var stripAccents: Bool
    /// BERT's clean-up: drop control and format characters, put spaces around CJK ideographs.
    public var bertCleanup: Bool

    public init(lowercase: Bool = false, splitPunctuation: Bool = true, stripAccents: Bool = false, bertCleanup: Bool = false) {
        self.lowercase = lowercase
        self.splitPunctuation = splitPunctuation
        self.stripAccents = stripAccents
        self.bertCleanup = bertCleanup
    }

    /// BERT's basic tokenizer (uncased models: `lowercase: true`, which also strips accents).
    public static func bert(lowercase: Bool = true) -> WordTokenizer {
        WordTokenizer(lowercase: lowercase, splitPunctuation: true, stripAccents: lowercase, bertCleanup: true)
    }

    public func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = String.UnicodeScalarView()
        func flush() {
            if !word.isEmpty { tokens.append(String(word)); word = String.UnicodeScalarView() }
        }
        for scalar in normalize(text).unicodeScalars {
            if scalar.properties.isWhitespace {
                flush()
            } else if splitPunctuation && Self.isPunctuation(scalar) {
                flush()
                tokens.append(String(scalar))
            } else {
                word.append(scalar)
            }
        }
        flush()
        return tokens
    }

    public func detokenize(_ tokens: [String]) -> String { tokens.joined(separator: " ") }

    /// The text after clean-up, accent stripping and lowercasing (in that order, as `BertNormalizer`).
    public func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        if bertCleanup {
            for s in text.unicodeScalars where !Self.isControl(s) {
                if Self.isCJK(s) {
                    scalars.append(contentsOf: [" ", s, " "])
                } else {
                    scalars.append(s.properties.isWhitespace ? " " : s)
                }
            }
        } else {
            scalars = text.unicodeScalars
        }
        if stripAccents {
            let decomposed = String(scalars).decomposedStringWithCanonicalMapping.unicodeScalars
            scalars = String.UnicodeScalarView(decomposed.filter { $0.properties.generalCategory != .nonspacingMark })
        }
        if lowercase {
            // Per scalar, full Unicode mapping, no context (as Rust's char::to_lowercase).
            return scalars.map { $0.properties.lowercaseMapping }.joined()
        }
        return String(scalars)
    }

    /// BERT's punctuation: all ASCII non-alphanumeric printable symbols, and Unicode P* categories.
    public static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    /// Characters BERT's clean-up removes: NUL, U+FFFD and the "other" categories, except tab and newlines.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        if s.value == 0 || s.value == 0xFFFD { return true }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// The CJK Unified Ideograph blocks BERT isolates as single tokens.
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        let blocks: [ClosedRange<UInt32>] = [
            0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F,
        ]
        return blocks.contains { $0.contains(s.value) }
    }
}
