import Foundation

/// Writes files so that a reader sees either the old file or the complete new
/// one, never a half-written checkpoint: the bytes go to a temporary file in the
/// same folder, which is then renamed over the destination (rename is atomic).
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw CheckpointError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CheckpointError.writeFailed(path: url.path, reason: reason)
        }
    }
}
