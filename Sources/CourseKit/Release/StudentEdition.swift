import Foundation

/// Writes the student edition of a course: the same package, with every solution
/// region replaced by a stub that throws `ExerciseError.notImplemented`, hidden
/// tests removed, and the instructor-only paths of `.releaseignore` left out.
public struct StudentEdition {
    public let course: Course

    public init(course: Course) { self.course = course }

    /// What a release wrote.
    public struct Report: Equatable, Sendable {
        public var filesWritten = 0
        public var solutionsStubbed = 0
        public var hiddenTestFilesRemoved = 0
        public var hiddenTestRegionsRemoved = 0
        public var instructorOnlyLeftOut = 0
        /// Instructor-only regions cut from shared Markdown pages.
        public var instructorSectionsRemoved = 0
    }

    /// The files of the student edition: relative path -> contents.
    /// Instructor files are read, never changed.
    public func files() throws -> [String: Data] {
        try build().files
    }

    /// The student version of one exercise file (stubs in place of solutions).
    public func stubbedExerciseFile(_ path: String) throws -> Data {
        let text = try String(contentsOf: course.root.appendingPathComponent(path), encoding: .utf8)
        return Data(try stub(text, path: path).text.utf8)
    }

    /// Writes the edition to `folder`. A non-empty `folder` is replaced only with `force`.
    @discardableResult
    public func write(to folder: URL, force: Bool) throws -> Report {
        let folder = folder.standardizedFileURL
        if PackageTree.isNonEmptyDirectory(folder) && !force { throw ReleaseError.outputNotEmpty(folder.path) }
        let (files, report) = try build(excluding: folder)
        // Stage next to the target, then swap, so a failed release leaves no half edition.
        let staging = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).staging-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: staging)
        for (path, data) in files {
            let url = staging.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        try copyExecutableBits(files.keys, to: staging)
        if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
        try FileManager.default.moveItem(at: staging, to: folder)
        return report
    }

    private func build(excluding output: URL? = nil) throws -> (files: [String: Data], report: Report) {
        let ignore = ReleaseIgnore(root: course.root)
        let outputPrefix = output.flatMap { relativePath(of: $0) }.map { $0 + "/" }
        let paths = try PackageTree.files(under: course.root) { path in
            ignore.ignores(path) || (outputPrefix.map { path.hasPrefix($0) } ?? false)
        }
        var report = Report()
        report.instructorOnlyLeftOut = try PackageTree.files(under: course.root).count - paths.count
        var files: [String: Data] = [:]
        for path in paths {
            if Markers.isHiddenTestFile(path) { report.hiddenTestFilesRemoved += 1; continue }
            let data = try Data(contentsOf: course.root.appendingPathComponent(path))
            if path.hasSuffix(".md"), let text = String(data: data, encoding: .utf8) {
                let (page, removed) = try InstructorSections.removing(from: text, file: path)
                report.instructorSectionsRemoved += removed
                try checkLinks(of: page, file: path, leftOut: ignore)
                files[path] = Data(page.utf8)
                continue
            }
            guard path.hasSuffix(".swift"), let text = String(data: data, encoding: .utf8) else {
                files[path] = data
                continue
            }
            let (stubbed, stubs) = try stub(text, path: path)
            let (visible, hidden) = Markers.isUnitTestFile(path) ? try Markers.removingHiddenTests(from: stubbed, file: path) : (stubbed, 0)
            report.solutionsStubbed += stubs
            report.hiddenTestRegionsRemoved += hidden
            files[path] = Data(visible.utf8)
        }
        report.filesWritten = files.count
        return (files, report)
    }

    /// A shipped page must not link to an instructor-only file that the edition leaves out.
    private func checkLinks(of page: String, file: String, leftOut ignore: ReleaseIgnore) throws {
        for target in InstructorSections.linkedPaths(in: page, file: file) where ignore.ignores(target) {
            throw ReleaseError.linkToInstructorOnly(page: file, target: target)
        }
    }

    /// Stubs the solutions of an exercise file; any other file must have none.
    private func stub(_ text: String, path: String) throws -> (text: String, count: Int) {
        let exercises = course.exercises(inFile: path)
        guard !exercises.isEmpty else {
            // Test files may quote markers (the course's own tests do).
            if !path.hasPrefix("Tests/") && Markers.containsSolution(text) { throw CourseError.solutionOutsideExercise(file: path) }
            return (text, 0)
        }
        return try Markers.stubbingSolutions(in: text, for: exercises, file: path)
    }

    private func relativePath(of url: URL) -> String? {
        let rootPath = course.root.resolvingSymlinksInPath().path + "/"
        let path = url.resolvingSymlinksInPath().path
        return path.hasPrefix(rootPath) ? String(path.dropFirst(rootPath.count)) : nil
    }

    /// Keeps scripts runnable (`.ci/run`, `scripts/*.sh`).
    private func copyExecutableBits(_ paths: Dictionary<String, Data>.Keys, to folder: URL) throws {
        for path in paths {
            let source = course.root.appendingPathComponent(path).resolvingSymlinksInPath()
            if FileManager.default.isExecutableFile(atPath: source.path) {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent(path).path)
            }
        }
    }
}

public enum ReleaseError: Error, Equatable, CustomStringConvertible {
    case outputNotEmpty(String)
    case linkToInstructorOnly(page: String, target: String)

    public var description: String {
        switch self {
        case .outputNotEmpty(let path): return "\(path) is not empty; pass --force to replace it"
        case .linkToInstructorOnly(let page, let target):
            return "\(page) links to \(target), which the student edition leaves out; "
                + "put the link inside \(InstructorSections.begin) ... \(InstructorSections.end)"
        }
    }
}
