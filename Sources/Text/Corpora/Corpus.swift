import Foundation

/// A real English text shipped with the library.
///
/// ```swift
/// let corpus = try Corpus.devilsDictionary()
/// corpus.text.count          // 383,145 characters
/// corpus.entries[0].word     // "ABASEMENT"
/// let counts = wordCounts(corpus.text, tokenizer: WordTokenizer(lowercase: true))
/// ```
public struct Corpus: Sendable {
    public let title: String
    public let author: String
    /// Where the file came from and its licence (see Docs/Data.md).
    public let source: String
    public let licence: String
    /// The full text, "\n" line endings.
    public let text: String

    /// *The Devil's Dictionary* by Ambrose Bierce (1911), public domain: 383 KB,
    /// about 60,900 words in some 1,000 satirical definitions with verse quotations.
    /// From Debian's `dict-devil` package (the Internet Wiretap edition of 1993).
    public static func devilsDictionary() throws -> Corpus {
        guard let url = Bundle.module.url(forResource: "devils-dictionary", withExtension: "txt", subdirectory: "Resources") else {
            throw TextFileError.unreadable(path: "Resources/devils-dictionary.txt", reason: "the resource is missing from the Text bundle")
        }
        return Corpus(
            title: "The Devil's Dictionary", author: "Ambrose Bierce",
            source: "Debian package dict-devil 1.0-13.1 (Internet Wiretap edition, 1993)",
            licence: "public domain (copyright expired)", text: try TextFiles.readText(url))
    }

    /// The shipped English corpus: `devilsDictionary()`.
    public static func english() throws -> Corpus { try devilsDictionary() }

    /// Non-empty lines grouped into paragraphs (blank lines separate them), each joined with spaces.
    public var paragraphs: [String] {
        var paragraphs: [String] = [], current: [String] = []
        for line in TextFiles.lines(text) + [""] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(trimmed)
            }
        }
        return paragraphs
    }

    /// A dictionary entry: "ABASEMENT, n.  A decent and customary mental attitude ..."
    public struct Entry: Equatable, Sendable {
        public var word: String
        /// "n.", "v.t.", "adj." ... (empty when the entry gives none).
        public var partOfSpeech: String
        /// The definition with its quotations, lines joined by spaces.
        public var definition: String
    }

    /// The entries of a dictionary-shaped text: a paragraph that starts with an upper-case
    /// headword and a comma opens an entry; following paragraphs (verse, examples) belong to it.
    public var entries: [Entry] {
        var entries: [Entry] = []
        for paragraph in paragraphs {
            if let entry = Self.entryHead(paragraph) {
                entries.append(entry)
            } else if !entries.isEmpty {
                entries[entries.count - 1].definition += (entries[entries.count - 1].definition.isEmpty ? "" : " ") + paragraph
            }
        }
        return entries
    }

    private static func entryHead(_ paragraph: String) -> Entry? {
        guard let comma = paragraph.firstIndex(of: ",") else { return nil }
        let word = paragraph[..<comma]
        guard let first = word.first, first.isUppercase,
            word.allSatisfy({ $0.isUppercase || $0 == " " || $0 == "'" || $0 == "-" || $0 == "." })
        else { return nil }
        let rest = paragraph[paragraph.index(after: comma)...].drop { $0 == " " }
        let pos = rest.prefix { !$0.isWhitespace }
        guard pos.hasSuffix("."), pos.count <= 8 else { return nil }
        let definition = rest.dropFirst(pos.count).trimmingCharacters(in: .whitespaces)
        return Entry(word: String(word), partOfSpeech: String(pos), definition: definition)
    }
}
