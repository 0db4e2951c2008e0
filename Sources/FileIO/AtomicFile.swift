#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The one way this library writes a file: a reader (or a machine that lost power)
/// sees either the old file or the complete new one, never a half-written file.
///
/// 1. Temporary files that killed processes left next to `url` are removed.
/// 2. The bytes go to `.<name>.<pid>.<random>.tmp` in the same folder (created with `O_EXCL`).
/// 3. That file is flushed to disk (`fsync`), renamed over `url` (atomic on POSIX file
///    systems), and the folder is flushed so the rename itself survives a power loss.
/// 4. On any failure the temporary file is removed and `FileIO.Failure` is thrown.
///
/// ```swift
/// try AtomicFile.write(Data("hello".utf8), to: URL(fileURLWithPath: "greeting.txt"))
/// ```
public enum AtomicFile {
    /// Writes `data` to `url` atomically and durably, creating missing folders.
    public static func write(_ data: Data, to url: URL) throws {
        let path = url.standardizedFileURL.path
        let folder = (path as NSString).deletingLastPathComponent
        func failure(_ reason: String) -> FileIO.Failure { FileIO.Failure(action: "write", path: path, reason: reason) }
        if FileIO.isDirectory(path) { throw failure("it is a directory") }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw failure("cannot create the folder \(folder)")
        }
        removeStaleTemporaries(of: path)
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure(FileIO.systemMessage()) }
        var written = 0
        let complete = data.withUnsafeBytes { bytes -> Bool in
            while written < bytes.count {
                let n = systemWrite(fd, bytes.baseAddress! + written, bytes.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return true
        }
        let flushed = complete && fsync(fd) == 0
        let reason = FileIO.systemMessage()
        close(fd)
        guard flushed else { unlink(temporary); throw failure(reason) }
        guard rename(temporary, path) == 0 else {
            let reason = FileIO.systemMessage()
            unlink(temporary)
            throw failure(reason)
        }
        syncFolder(folder)
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Appends one line to a small text file (a run's `history.jsonl`), creating it when
    /// missing. The whole file is rewritten atomically, so a killed run leaves the old
    /// lines or the old lines plus the new one, never half a line.
    public static func appendLine(_ line: String, to url: URL) throws {
        let old = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        try write(old + line + "\n", to: url)
    }

    /// The temporary name for `path`: hidden, in the same folder, naming this process.
    static func temporaryPath(for path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        return (folder as NSString).appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    /// Removes `.<name>.<pid>.<random>.tmp` files next to `path` whose process no longer runs
    /// (a write interrupted by `kill -9` or a crash). Files of running processes are left alone.
    static func removeStaleTemporaries(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let prefix = ".\(name)."
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let middle = entry.dropFirst(prefix.count).dropLast(4).split(separator: ".")
            guard middle.count == 2, let pid = Int32(middle[0]), UInt32(middle[1]) != nil else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(entry))
            }
        }
    }

    /// Flushes a folder's entries (the rename) to disk; best effort, as some file systems refuse.
    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
