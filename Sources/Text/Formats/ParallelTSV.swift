import Foundation

/// A source sentence and its translation.
public struct SentencePair: Equatable, Sendable {
    public var source: String
    public var target: String
    public init(source: String, target: String) { (self.source, self.target) = (source, target) }
}

/// Parallel text as tab-separated lines, "source<TAB>target" (the Tatoeba / Anki
/// "eng-fra.txt" layout; extra columns such as attributions are ignored). Blank lines
/// are skipped.
///
/// ```swift
/// let pairs = try ParallelTSV.read(from: URL(fileURLWithPath: "eng-fra.txt"))
/// ```
public enum ParallelTSV {
    /// Parses TSV text; `path` names the source in errors.
    public static func parse(_ text: String, path: String = "<string>") throws -> [SentencePair] {
        var pairs: [SentencePair] = []
        for (index, line) in TextFiles.lines(text).enumerated() where !line.allSatisfy(\.isWhitespace) {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2 else {
                throw TextFileError.malformed(path: path, line: index + 1, reason: "expected source<TAB>target, found no tab")
            }
            let source = columns[0].trimmingCharacters(in: .whitespaces), target = columns[1].trimmingCharacters(in: .whitespaces)
            guard !source.isEmpty, !target.isEmpty else {
                throw TextFileError.malformed(path: path, line: index + 1, reason: "empty \(source.isEmpty ? "source" : "target") sentence")
            }
            pairs.append(SentencePair(source: source, target: target))
        }
        return pairs
    }

    /// Reads a TSV file. Throws `TextFileError` (with the line number) on malformed input.
    public static func read(from url: URL) throws -> [SentencePair] {
        try parse(TextFiles.readText(url), path: url.path)
    }

    /// "source<TAB>target" lines.
    public static func format(_ pairs: [SentencePair]) -> String {
        pairs.map { pair in
            precondition(
                !(pair.source + pair.target).unicodeScalars.contains { $0 == "\t" || $0 == "\n" || $0 == "\r" },
                "ParallelTSV.format: sentences must not contain tabs or line breaks: \(pair)")
            return pair.source + "\t" + pair.target + "\n"
        }.joined()
    }

    /// Writes `pairs` atomically.
    public static func write(_ pairs: [SentencePair], to url: URL) throws {
        try TextFiles.writeAtomically(format(pairs), to: url)
    }
}
