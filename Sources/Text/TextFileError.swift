import FileIO
import Foundation

/// Why a text file (vocabulary, merges, CoNLL, TSV) could not be read.
/// Everything read from disk throws one of these; nothing crashes on a bad file.
public enum TextFileError: Error, Equatable, CustomStringConvertible {
    /// The file is missing, unreadable, or not UTF-8.
    case unreadable(path: String, reason: String)
    /// A line does not follow the format; `line` counts from 1.
    case malformed(path: String, line: Int, reason: String)
    /// The file parses but its content is invalid (bad JSON, wrong format name, duplicates ...).
    case invalidContent(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read: \(reason)"
        case let .malformed(path, line, reason): return "\(path):\(line): \(reason)"
        case let .invalidContent(path, reason): return "\(path): \(reason)"
        }
    }
}

/// File utilities shared by the readers and writers of this module.
enum TextFiles {
    /// The whole file as UTF-8 text.
    static func readText(_ url: URL) throws -> String {
        let data = try readData(url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw TextFileError.unreadable(path: url.path, reason: "the file is not valid UTF-8")
        }
        return text
    }

    /// The whole file, with a readable reason when it cannot be read.
    static func readData(_ url: URL) throws -> Data {
        do { return try FileIO.read(url.path) } catch let failure as FileIO.Failure {
            throw TextFileError.unreadable(path: url.path, reason: failure.reason)
        }
    }

    /// Lines without their terminators. Splits on "\n" bytes and drops a trailing "\r",
    /// so Windows files read the same (a Swift `Character` would treat "\r\n" as one).
    static func lines(_ text: String) -> [String] {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            String(decoding: bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes, as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }  // the newline that ends the file
        return lines
    }

    /// Writes atomically (`AtomicFile`), so a crash never leaves a half-written file.
    static func writeAtomically(_ text: String, to url: URL) throws {
        try AtomicFile.write(text, to: url)
    }

    /// Decodes a JSON document, turning decoding failures into `TextFileError.invalidContent`.
    static func decodeJSON<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let data = try readData(url)
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw TextFileError.invalidContent(path: url.path, reason: "not a valid \(type) JSON file (\(error))")
        }
    }

    static func encodeJSON<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(encoder.encode(value), to: url)
    }
}
