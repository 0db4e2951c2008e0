import Foundation

/// Where submitted code runs: inside a bubblewrap (`bwrap`) namespace sandbox,
/// or, on machines without one (macOS), unsandboxed, which every report says.
///
/// A sandboxed command sees only the system folders (read-only), the Swift
/// toolchain (read-only), the folders it is given, and a private scratch folder
/// mounted at `/tmp` (also its `HOME`). It has no network, its own PID namespace
/// (every process it starts is killed when it ends) and its own session, so it
/// cannot reach the terminal. The instructor's repository, other submissions and
/// the gradebook are simply not there.
public struct Sandbox: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case bubblewrap(executable: String)
        /// No sandbox: the reason is printed in every report.
        case unsandboxed(reason: String)
    }

    public let kind: Kind

    public init(kind: Kind) { self.kind = kind }

    public var isSandboxed: Bool { if case .bubblewrap = kind { return true } else { return false } }

    /// One line for logs, feedback and `results.json`.
    public var label: String {
        switch kind {
        case .bubblewrap: return "sandboxed (bubblewrap: no network, no view of the course or other submissions)"
        case .unsandboxed(let reason):
            return "UNSANDBOXED: submitted code ran with the grader's rights and could read or change files (\(reason))"
        }
    }

    /// Bubblewrap if it is installed and can make namespaces here, else unsandboxed.
    public static func detect() -> Sandbox {
        guard let bwrap = ChildProcess.which("bwrap") else {
            return Sandbox(kind: .unsandboxed(reason: "bwrap not found; on Debian: apt-get install bubblewrap"))
        }
        let trial = Sandbox(kind: .bubblewrap(executable: bwrap))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("course-sandbox-probe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        guard (try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)) != nil,
            let result = try? ChildProcess(trial.wrap(["/bin/sh", "-c", "exit 0"], scratch: scratch), in: scratch, timeout: 30).run()
        else { return Sandbox(kind: .unsandboxed(reason: "bwrap could not be started")) }
        guard result.succeeded else {
            return Sandbox(kind: .unsandboxed(reason: "bwrap cannot create namespaces here: \(result.output.prefix(200))"))
        }
        return trial
    }

    /// System folders every command needs, read-only, when they exist.
    static let systemFolders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"]

    /// `command` wrapped so that it runs in the sandbox with `scratch` as its
    /// `/tmp` and `HOME`, `writable` folders read-write and `readable` folders
    /// read-only (each at its own path), starting in `directory` (default `/tmp`).
    /// Unsandboxed, the command is returned as is. A command killed by signal N
    /// exits with status 128 + N (see `ChildProcess.Termination.sandboxed`).
    public func wrap(
        _ command: [String], scratch: URL, writable: [URL] = [], readable: [URL] = [],
        directory: URL? = nil, environment: [String: String] = [:]
    ) -> [String] {
        guard case .bubblewrap(let bwrap) = kind else { return command }
        var argv = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv"]
        // Only what builds and tests need: none of the grader's own variables leak in.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for (name, value) in (["PATH": path, "LANG": "C.UTF-8"].merging(environment) { $1 }).sorted(by: { $0.key < $1.key }) {
            argv += ["--setenv", name, value]
        }
        let manager = FileManager.default
        for folder in Self.systemFolders + Self.toolchainFolders() {
            guard let target = try? manager.destinationOfSymbolicLink(atPath: folder) else {
                if manager.fileExists(atPath: folder) { argv += ["--ro-bind", folder, folder] }
                continue
            }
            argv += ["--symlink", target, folder]  // /bin -> usr/bin on merged-/usr systems
        }
        argv += ["--dev", "/dev", "--proc", "/proc", "--bind", scratch.path, "/tmp"]
        for folder in readable { argv += ["--ro-bind", folder.path, folder.path] }
        for folder in writable { argv += ["--bind", folder.path, folder.path] }
        argv += ["--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp", "--chdir", directory?.path ?? "/tmp"]
        // bwrap's own init is PID 1 of the namespace: when the command exits, it
        // exits, and the kernel kills every process left in the namespace.
        return argv + ["--"] + command
    }

    /// The folder holding the Swift toolchain (`/opt/swift` for `/opt/swift/usr/bin/swift`),
    /// when it is outside the system folders.
    static func toolchainFolders() -> [String] {
        guard let swift = ChildProcess.which("swift") else { return [] }
        let resolved = URL(fileURLWithPath: swift).resolvingSymlinksInPath().path
        if systemFolders.contains(where: { resolved.hasPrefix($0 + "/") }) { return [] }
        // .../usr/bin/swift -> ...
        var folder = URL(fileURLWithPath: resolved).deletingLastPathComponent().deletingLastPathComponent()
        if folder.lastPathComponent == "usr" { folder = folder.deletingLastPathComponent() }
        return folder.path == "/" ? [] : [folder.path]
    }
}
