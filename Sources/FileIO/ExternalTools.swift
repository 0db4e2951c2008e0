import Foundation

/// The course's download cache, shared by the projects' `prepare` steps and
/// scripts/fetch-weights.sh: `$DEEP_LEARNING_CACHE`, or `~/.cache/deep-learning-course`.
public var courseCacheFolder: URL {
    if let path = ProcessInfo.processInfo.environment["DEEP_LEARNING_CACHE"], !path.isEmpty { return URL(fileURLWithPath: path) }
    return URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".cache/deep-learning-course")
}

/// A command line that could not start or exited with an error.
public struct ToolError: Error, CustomStringConvertible {
    public let description: String
}

/// Runs a command line (the program found on `PATH`), in `folder` when given, and waits
/// for it. Throws `ToolError` naming the command when it cannot start or exits non-zero;
/// `hint` is added to the message (what to check).
///
/// ```swift
/// try runTool(["python3", "-m", "pip", "download", "--no-deps", "--dest", wheels.path, "nilearn==0.14.1"])
/// ```
public func runTool(_ arguments: [String], in folder: URL? = nil, hint: String? = nil) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let command = arguments.joined(separator: " ")
    do { try process.run() } catch { throw ToolError(description: "cannot run \(command): \(error)") }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ToolError(description: "`\(command)` failed with status \(process.terminationStatus)" + (hint.map { " (\($0))" } ?? ""))
    }
}
