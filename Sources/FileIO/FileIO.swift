#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reading whole files with messages a person understands ("no such file",
/// "it is a directory", "permission denied") instead of Foundation's error codes.
///
/// ```swift
/// let bytes = try FileIO.read("weights.safetensors")
/// ```
public enum FileIO {
    /// Why a file could not be read or written; `reason` is the system's message.
    public struct Failure: Error, Equatable, CustomStringConvertible, LocalizedError {
        /// "read" or "write".
        public let action: String
        public let path: String
        public let reason: String
        public var description: String { "cannot \(action) \(path): \(reason)" }
        public var errorDescription: String? { description }
    }

    /// The whole file at `path`. Refuses directories and files larger than `limit` bytes.
    public static func read(_ path: String, limit: Int = Int.max) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(action: "read", path: path, reason: systemMessage()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(action: "read", path: path, reason: systemMessage()) }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw Failure(action: "read", path: path, reason: "it is a directory, expected a file") }
        guard Int(info.st_size) <= limit else {
            throw Failure(action: "read", path: path, reason: "it has \(info.st_size) bytes, more than the \(limit) accepted")
        }
        var data = Data()
        data.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress!, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw Failure(action: "read", path: path, reason: systemMessage()) }
            if n == 0 { return data }
            guard data.count + n <= limit else { throw Failure(action: "read", path: path, reason: "it is larger than the \(limit) bytes accepted") }
            data.append(contentsOf: chunk[0..<n])
        }
    }

    /// The bytes an array of `shape` needs at `elementSize` bytes per element, or nil when
    /// that overflows `Int`. Empty dimensions count as 1 in the overflow check, so that
    /// a header like [0, 2^32, 2^32] cannot make a later reshape or flatten overflow.
    public static func byteCount(shape: [Int], elementSize: Int) -> Int? {
        var bound = elementSize, exact = elementSize
        for size in shape {
            guard size >= 0 else { return nil }
            let (b, overflow) = bound.multipliedReportingOverflow(by: Swift.max(size, 1))
            guard !overflow else { return nil }
            (bound, exact) = (b, exact * size)
        }
        return exact
    }

    /// Whether `path` names an existing directory (following links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The system's message for the current `errno` ("No such file or directory").
    static func systemMessage() -> String { String(cString: strerror(errno)) }
}

/// POSIX `read` and `write`, named so that `FileIO.read` and `AtomicFile.write` do not hide them.
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
