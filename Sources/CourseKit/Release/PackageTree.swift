import Foundation

/// The files of a package folder, as paths relative to its root, without build
/// products and version-control data (`.git`, `.build*`, `.swiftpm`).
///
/// A symbolic link to a file counts as that file (its contents are what gets
/// copied); links to folders are not followed.
enum PackageTree {
    static func isBuildOrVCS(_ name: String) -> Bool {
        name == ".git" || name == ".swiftpm" || name.hasPrefix(".build")
    }

    /// Relative paths of the regular files under `root`, sorted. `skip` is asked
    /// about each relative path (folders end in `/`) and prunes what it accepts.
    static func files(under root: URL, skip: (String) -> Bool = { _ in false }) throws -> [String] {
        var result: [String] = []
        func walk(_ relative: String) throws {
            let dir = relative.isEmpty ? root : root.appendingPathComponent(relative)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
                guard !isBuildOrVCS(name) else { continue }
                let path = relative.isEmpty ? name : "\(relative)/\(name)"
                let url = root.appendingPathComponent(path)
                let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
                let type = attributes[.type] as? FileAttributeType
                if type == .typeDirectory {
                    if !skip(path + "/") { try walk(path) }
                } else if type == .typeRegular || (type == .typeSymbolicLink && isRegularFile(url.resolvingSymlinksInPath())) {
                    if !skip(path) { result.append(path) }
                }
            }
        }
        try walk("")
        return result
    }

    static func isRegularFile(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && !isDir.boolValue
    }

    /// Whether `url` is a non-empty folder.
    static func isNonEmptyDirectory(_ url: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return !names.isEmpty
    }
}
