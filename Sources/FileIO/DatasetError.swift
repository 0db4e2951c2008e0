import Foundation

/// What went wrong reading data from a file or from bytes the user supplied.
/// Every loader throws these; none of them crashes on a bad file.
///
/// ```swift
/// do { let mnist = try MNIST(directory: "data/mnist") }
/// catch { print(error) }   // "file not found: data/mnist/train-images-idx3-ubyte(.gz)"
/// ```
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// The file (or directory) does not exist.
    case fileNotFound(path: String)
    /// The file exists but could not be read or written.
    case ioFailed(path: String, reason: String)
    /// The file does not start with the bytes its format requires.
    case badMagicNumber(path: String, expected: String, found: String)
    /// The file ends before the data its header announces.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// Parts of the data disagree in size or shape (images vs labels, ragged rows, mixed image sizes).
    case shapeMismatch(path: String, detail: String)
    /// The content is malformed in a way the other cases do not name.
    case corrupt(path: String, reason: String)
    /// A row of a CSV file could not be read as numbers.
    case badCSV(path: String, line: Int, reason: String)
    /// A directory held nothing the loader could use.
    case empty(path: String, reason: String)

    public var description: String {
        switch self {
        case let .fileNotFound(path): return "file not found: \(path)"
        case let .ioFailed(path, reason): return "cannot access \(path): \(reason)"
        case let .badMagicNumber(path, expected, found): return "\(path): bad magic number \(found), expected \(expected)"
        case let .truncated(path, expected, actual):
            return "\(path): truncated file, expected at least \(expected) bytes but found \(actual)"
        case let .shapeMismatch(path, detail): return "\(path): shape mismatch: \(detail)"
        case let .corrupt(path, reason): return "\(path): corrupt data: \(reason)"
        case let .badCSV(path, line, reason): return "\(path), line \(line): \(reason)"
        case let .empty(path, reason): return "\(path): \(reason)"
        }
    }
}

extension DatasetError: LocalizedError {
    /// Lets `error.localizedDescription` show the same message as `description`.
    public var errorDescription: String? { description }
}
