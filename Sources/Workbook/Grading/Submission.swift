import Foundation

/// A student's hand-in: a folder or a `.zip` of a student edition. Only its
/// exercise files are ever read; everything else in it is ignored.
public struct Submission: Sendable {
    /// From the folder or zip name: `alice.zip` -> `alice`.
    public let studentID: String
    public let source: URL
    /// ISO 8601: `timestamp.txt` in the submission (nbgrader's convention) or its modification time.
    public let timestamp: String
    /// The exercise files it holds: path relative to the package root -> contents.
    public let exerciseFiles: [String: Data]
    /// What the grader noticed while reading it (missing files, ignored files, ...).
    public let notes: [String]

    /// Largest exercise file accepted.
    static let maxFileSize = 1 << 20

    /// Reads the exercise files of `course` from a folder or a zip (unpacked into `scratch`).
    public static func load(_ source: URL, course: Course, scratch: URL) throws -> Submission {
        let source = source.standardizedFileURL
        let name = source.lastPathComponent
        let isZip = name.lowercased().hasSuffix(".zip")
        let studentID = sanitizedID(isZip ? String(name.dropLast(4)) : name)
        var folder = source
        if isZip {
            folder = scratch.appendingPathComponent("unzipped-\(studentID)")
            try unzip(source, into: folder)
        } else {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDir), isDir.boolValue else {
                throw GradingError.badSubmission(source.path, "not a folder or a .zip file")
            }
        }
        let root = try packageRoot(in: folder, course: course)
        var files: [String: Data] = [:]
        var notes: [String] = []
        for path in course.exerciseFiles {
            let url = root.appendingPathComponent(path)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else {
                notes.append("\(path) is missing from the submission: graded as not started")
                continue
            }
            // A link anywhere on the path (`Lessons -> /elsewhere`) could lead outside the submission.
            guard attributes[.type] as? FileAttributeType == .typeRegular,
                  url.resolvingSymlinksInPath().path == root.resolvingSymlinksInPath().appendingPathComponent(path).path else {
                notes.append("\(path) is not a regular file (a link?): graded as not started")
                continue
            }
            guard (attributes[.size] as? Int ?? 0) <= maxFileSize,
                  let data = try? Data(contentsOf: url), String(data: data, encoding: .utf8) != nil else {
                notes.append("\(path) is larger than \(maxFileSize / 1024) KiB or not UTF-8 text: graded as not started")
                continue
            }
            files[path] = data
        }
        notes += extraFiles(in: root, course: course).map { "\($0) is not an exercise file of the course: ignored" }
        return Submission(studentID: studentID, source: source, timestamp: timestamp(of: source, root: root),
                          exerciseFiles: files, notes: notes)
    }

    /// The folder inside a submission that holds the course (`Lessons/` or `Package.swift`), at most 3 levels down.
    static func packageRoot(in folder: URL, course: Course) throws -> URL {
        var level = [folder]
        for _ in 0...3 {
            if let found = level.first(where: { looksLikeCourse($0, course: course) }) { return found }
            level = level.flatMap { dir -> [URL] in
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
                return names.filter { !$0.hasPrefix(".") && $0 != "__MACOSX" }.sorted().map { dir.appendingPathComponent($0) }
                    .filter { (try? FileManager.default.attributesOfItem(atPath: $0.path)[.type] as? FileAttributeType) == .typeDirectory }
            }
        }
        throw GradingError.badSubmission(folder.path, "no course found in it (no Lessons/ or Projects/ folder)")
    }

    private static func looksLikeCourse(_ dir: URL, course: Course) -> Bool {
        let tops = Set(course.exerciseFiles.compactMap { $0.split(separator: "/").first.map(String.init) })
        return tops.contains { FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }
    }

    /// Swift files in `Exercises/` folders that the course does not know.
    private static func extraFiles(in root: URL, course: Course) -> [String] {
        let known = Set(course.exerciseFiles)
        let folders = Set(course.exerciseFiles.map { ($0 as NSString).deletingLastPathComponent })
        return folders.sorted().flatMap { folder -> [String] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            return names.filter { $0.hasSuffix(".swift") }.map { "\(folder)/\($0)" }.filter { !known.contains($0) }.sorted()
        }
    }

    private static func timestamp(of source: URL, root: URL) -> String {
        if let text = try? String(contentsOf: root.appendingPathComponent("timestamp.txt"), encoding: .utf8) {
            let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !line.isEmpty && line.count < 64 { return line }
        }
        let date = (try? FileManager.default.attributesOfItem(atPath: source.path)[.modificationDate] as? Date) ?? nil
        return date.map { ISO8601DateFormatter().string(from: $0) } ?? ""
    }

    static func sanitizedID(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        let id = String(name.map { allowed.contains($0) ? $0 : "_" })
        return id.isEmpty || id.hasPrefix(".") ? "_" + id : id
    }

    /// Unpacks with `unzip` (Info-ZIP), which refuses paths that climb out with `..`.
    static func unzip(_ zip: URL, into folder: URL) throws {
        guard let unzip = ChildProcess.which("unzip") else { throw GradingError.unzipMissing }
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try ChildProcess([unzip, "-q", "-o", zip.path, "-d", folder.path], in: folder, timeout: 120).run()
        guard result.succeeded else {
            throw GradingError.badSubmission(zip.path, "unzip failed: \(result.output.prefix(300))")
        }
    }
}

public enum GradingError: Error, CustomStringConvertible {
    case badSubmission(String, String)
    case unzipMissing
    case duplicateStudent(String)
    case instructorEditionDoesNotBuild([String])
    case workFolderInsideOutput(String)

    public var description: String {
        switch self {
        case let .badSubmission(path, reason): return "submission \(path): \(reason)"
        case .unzipMissing: return "grading .zip submissions needs the unzip command (apt-get install unzip); unpack them by hand or install it"
        case .duplicateStudent(let id): return "two submissions are named \(id)"
        case .instructorEditionDoesNotBuild(let errors):
            return "the instructor edition itself does not build, so nothing can be graded:\n" + errors.prefix(10).joined(separator: "\n")
        case .workFolderInsideOutput(let path): return "the work folder \(path) must not be inside the output folder"
        }
    }
}
