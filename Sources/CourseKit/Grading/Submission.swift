import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// The student id a submission at `source` gets: its name without `.zip`, sanitised.
    public static func studentID(of source: URL) -> String {
        let name = source.standardizedFileURL.lastPathComponent
        return sanitizedID(name.lowercased().hasSuffix(".zip") ? String(name.dropLast(4)) : name)
    }

    /// Reads the exercise files of `course` from a folder or a zip (unpacked into `scratch`).
    ///
    /// The submission path itself may be a link (the instructor's choice); inside
    /// it, a link anywhere on an exercise file's path, a device or other special
    /// file, or a zip entry with an absolute or `..` path is refused with a note.
    public static func load(_ source: URL, course: Course, scratch: URL) throws -> Submission {
        let source = source.standardizedFileURL
        let isZip = source.lastPathComponent.lowercased().hasSuffix(".zip")
        let studentID = studentID(of: source)
        var folder = source.resolvingSymlinksInPath()
        var notes: [String] = []
        if isZip {
            folder = scratch.appendingPathComponent("unzipped-\(studentID)")
            notes += try unzip(source, into: folder)
        } else {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
                throw GradingError.badSubmission(source.path, "not a folder or a .zip file")
            }
        }
        let root = try packageRoot(in: folder, course: course)
        var files: [String: Data] = [:]
        for path in course.exerciseFiles {
            switch readExerciseFile(path, under: root) {
            case .success(let data): files[path] = data
            case .failure(let refusal): notes.append("\(path) \(refusal.reason): graded as not started")
            }
        }
        notes += extraFiles(in: root, course: course).map { "\($0) is not an exercise file of the course: ignored" }
        return Submission(
            studentID: studentID, source: source, timestamp: timestamp(of: source, root: root),
            exerciseFiles: files, notes: notes)
    }

    struct Refusal: Error { let reason: String }

    /// The contents of `path` under `root` if every component of the path is a real
    /// folder (no link) and the file is a regular UTF-8 file of at most 1 MiB.
    static func readExerciseFile(_ path: String, under root: URL) -> Result<Data, Refusal> {
        var url = root
        let components = path.split(separator: "/").map(String.init)
        for (index, component) in components.enumerated() {
            url.appendPathComponent(component)
            let isLast = index == components.count - 1
            var info = stat()
            guard lstat(url.path, &info) == 0 else { return .failure(Refusal(reason: "is missing from the submission")) }
            switch info.st_mode & S_IFMT {
            case S_IFLNK: return .failure(Refusal(reason: "is refused: \(components[...index].joined(separator: "/")) is a link"))
            case S_IFDIR where !isLast: continue
            case S_IFREG where isLast: break
            default:
                return .failure(Refusal(reason: "is refused: \(components[...index].joined(separator: "/")) is not a regular \(isLast ? "file" : "folder")"))
            }
            guard Int(info.st_size) <= maxFileSize,
                let data = try? Data(contentsOf: url), String(data: data, encoding: .utf8) != nil
            else {
                return .failure(Refusal(reason: "is larger than \(maxFileSize / 1024) KiB or not UTF-8 text"))
            }
            return .success(data)
        }
        return .failure(Refusal(reason: "is missing from the submission"))
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

    /// Unpacks with `unzip` (Info-ZIP), which refuses paths that climb out with `..`
    /// and strips a leading `/`; such entries are named in the returned notes.
    static func unzip(_ zip: URL, into folder: URL) throws -> [String] {
        guard let unzip = ChildProcess.which("unzip") else { throw GradingError.unzipMissing }
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let listing = try ChildProcess([unzip, "-Z1", zip.path], in: folder, timeout: 120).run()
        guard listing.succeeded else {
            throw GradingError.badSubmission(zip.path, "not a readable zip: \(listing.output.prefix(300))")
        }
        let names = listing.output.split(separator: "\n").map(String.init)
        let climbing = names.filter { $0.hasPrefix("/") || $0.split(separator: "/").contains("..") }
        let result = try ChildProcess([unzip, "-q", "-o", zip.path, "-d", folder.path], in: folder, timeout: 120).run()
        // Status 1 is a warning (such as a skipped `..` entry); the rest was unpacked.
        guard result.termination == .exited(0) || result.termination == .exited(1) else {
            throw GradingError.badSubmission(zip.path, "unzip failed: \(result.output.prefix(300))")
        }
        return climbing.map { "the zip entry \($0) has an absolute or .. path: refused" }
    }
}

public enum GradingError: Error, CustomStringConvertible {
    case badSubmission(String, String)
    case unzipMissing
    case zipMissing
    case duplicateStudent(String)
    case instructorEditionDoesNotBuild([String])
    case workFolderInsideOutput(String)
    case badGradebook(String, String)

    public var description: String {
        switch self {
        case let .badSubmission(path, reason): return "submission \(path): \(reason)"
        case .zipMissing: return "writing the autograder needs the zip command (apt-get install zip)"
        case .unzipMissing: return "grading .zip submissions needs the unzip command (apt-get install unzip); unpack them by hand or install it"
        case .duplicateStudent(let id): return "two submissions are named \(id)"
        case .instructorEditionDoesNotBuild(let errors):
            return "the instructor edition itself does not build, so nothing can be graded:\n" + errors.prefix(10).joined(separator: "\n")
        case .workFolderInsideOutput(let path): return "the work folder \(path) must not be inside the output folder"
        case let .badGradebook(path, reason): return "gradebook \(path): \(reason)"
        }
    }
}
