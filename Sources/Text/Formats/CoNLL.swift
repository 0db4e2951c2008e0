import Foundation

/// A sentence with one tag per token (NER, POS, chunking).
public struct TaggedSentence: Equatable, Sendable {
    public var tokens: [String]
    public var tags: [String]

    public init(tokens: [String], tags: [String]) {
        precondition(tokens.count == tags.count, "TaggedSentence: \(tokens.count) tokens but \(tags.count) tags")
        self.tokens = tokens
        self.tags = tags
    }
}

/// The CoNLL format: one token per line with its columns separated by spaces or
/// tabs, a blank line between sentences, `-DOCSTART-` lines (document breaks of
/// CoNLL-2003) skipped. The token is the first column, the tag the last
/// (CoNLL-2003's "EU NNP B-NP B-ORG" reads as token "EU", tag "B-ORG").
///
/// ```swift
/// let sentences = try CoNLL.read(from: URL(fileURLWithPath: "train.txt"))
/// try CoNLL.write(sentences, to: URL(fileURLWithPath: "copy.txt"))
/// ```
public enum CoNLL {
    /// Parses CoNLL text; `path` names the source in errors.
    public static func parse(_ text: String, path: String = "<string>") throws -> [TaggedSentence] {
        var sentences: [TaggedSentence] = []
        var tokens: [String] = [], tags: [String] = []
        func endSentence() {
            if !tokens.isEmpty { sentences.append(TaggedSentence(tokens: tokens, tags: tags)) }
            tokens = []
            tags = []
        }
        for (index, line) in TextFiles.lines(text).enumerated() {
            let columns = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if columns.isEmpty { endSentence(); continue }
            if columns[0] == "-DOCSTART-" { endSentence(); continue }
            guard columns.count >= 2 else {
                throw TextFileError.malformed(
                    path: path, line: index + 1,
                    reason: "expected a token and a tag separated by a space or tab, found \"\(line)\"")
            }
            tokens.append(columns[0])
            tags.append(columns[columns.count - 1])
        }
        endSentence()
        return sentences
    }

    /// Reads a CoNLL file. Throws `TextFileError` (with the line number) on malformed input.
    public static func read(from url: URL) throws -> [TaggedSentence] {
        try parse(TextFiles.readText(url), path: url.path)
    }

    /// CoNLL text: "token tag" lines, a blank line after each sentence.
    public static func format(_ sentences: [TaggedSentence]) -> String {
        var text = ""
        for sentence in sentences {
            for (token, tag) in zip(sentence.tokens, sentence.tags) {
                precondition(
                    !token.isEmpty && !tag.isEmpty && !(token + tag).contains(where: \.isWhitespace),
                    "CoNLL.format: token \"\(token)\" and tag \"\(tag)\" must be non-empty and contain no whitespace")
                text += "\(token) \(tag)\n"
            }
            text += "\n"
        }
        return text
    }

    /// Writes `sentences` atomically.
    public static func write(_ sentences: [TaggedSentence], to url: URL) throws {
        try TextFiles.writeAtomically(format(sentences), to: url)
    }
}
