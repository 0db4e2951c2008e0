import Foundation

/// A folder where submissions are built, one after another, at a fixed path.
///
/// SwiftPM's build folder records absolute source paths: a `.build` copied into
/// another folder keeps building the *old* folder's sources (measured: an edited
/// exercise in the copy was not recompiled). So each grading worker owns a slot
/// at a fixed path and keeps its `.build`; before each submission the slot's
/// sources are made equal to the instructor's tree plus the submission's exercise
/// files, rewriting only files whose contents differ, so that only what changed
/// is recompiled (the library is built once per slot, not once per submission).
public struct BuildSlot: Sendable {
    public let path: URL

    public init(path: URL) { self.path = path }

    /// Makes the slot hold exactly the files of `source` (build folders aside),
    /// with `overlay` (relative path -> contents) written over them.
    public func sync(from source: URL, overlay: [String: Data] = [:]) throws {
        var wanted: [String: URL] = [:]
        for file in try PackageTree.files(under: source) { wanted[file] = source.appendingPathComponent(file) }
        let present = (try? PackageTree.files(under: path)) ?? []
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        // The slot's own Package.resolved stays: sandboxed builds cannot resolve again (no network).
        for stale in present where wanted[stale] == nil && overlay[stale] == nil && stale != "Package.resolved" {
            try FileManager.default.removeItem(at: path.appendingPathComponent(stale))
        }
        for (file, url) in wanted where overlay[file] == nil {
            try writeIfChanged(Data(contentsOf: url), to: file)
        }
        for (file, data) in overlay { try writeIfChanged(data, to: file) }
    }

    /// Writes `data` to `file` unless it already holds exactly that, so unchanged
    /// files keep their timestamps and are not recompiled.
    public func writeIfChanged(_ data: Data, to file: String) throws {
        let url = path.appendingPathComponent(file)
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        if attributes?[.type] as? FileAttributeType == .typeRegular, (try? Data(contentsOf: url)) == data { return }
        if attributes != nil { try FileManager.default.removeItem(at: url) }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    public func package(_ limits: SwiftPackage.Limits) -> SwiftPackage { SwiftPackage(root: path, limits: limits) }
}
