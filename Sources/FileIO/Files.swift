import Foundation

/// Reading and writing whole files with the data readers' typed errors (`DatasetError`),
/// shared by the modules that read data and images.
package enum Files {
    /// The bytes of the file at `path`.
    package static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError.fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else { throw DatasetError.ioFailed(path: path, reason: "is a directory, expected a file") }
        let bytes: [UInt8]
        do { bytes = try [UInt8](FileIO.read(path)) } catch let failure as FileIO.Failure {
            throw DatasetError.ioFailed(path: path, reason: failure.reason)
        }
        return bytes
    }

    /// Writes `bytes` atomically (`AtomicFile`), so a crash never leaves a half-written file behind.
    package static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        do { try AtomicFile.write(Data(bytes), to: URL(fileURLWithPath: path)) } catch let failure as FileIO.Failure {
            throw DatasetError.ioFailed(path: path, reason: failure.reason)
        }
    }

    /// The entries of a directory, sorted by name, without hidden files.
    package static func list(_ directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw DatasetError.fileNotFound(path: directory)
        }
        guard isDirectory.boolValue else { throw DatasetError.ioFailed(path: directory, reason: "is a file, expected a directory") }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw DatasetError.ioFailed(path: directory, reason: error.localizedDescription)
        }
    }

    package static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    package static func join(_ directory: String, _ name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }
}
