import Foundation

/// Grades submissions against the instructor's edition of a course.
///
/// Each submission is built in a slot that holds the instructor's tree with only
/// the submission's exercise files copied in, so tests are always the
/// instructor's. Each exercise then runs in its own test process with a time,
/// output and memory limit. Files that do not compile are swapped back to their
/// stub, one by one, so a compile error costs only that file's exercise.
public struct Grader: Sendable {
    public struct Options: Sendable {
        public var limits = SwiftPackage.Limits()
        /// Submissions graded at once, each in its own slot.
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// Where slots and unpacked zips live; reused between runs to keep builds warm.
        public var workFolder: URL
        /// Lessons/projects to grade (all with exercises when empty).
        public var units: [String] = []
        public var dueDate = ""
        public init(workFolder: URL) { self.workFolder = workFolder }
    }

    public let course: Course
    public let options: Options
    private let stubs: [String: Data]

    public init(course: Course, options: Options) throws {
        self.course = course
        self.options = options
        let edition = StudentEdition(course: course)
        var stubs: [String: Data] = [:]
        for file in course.exerciseFiles { stubs[file] = try edition.stubbedExerciseFile(file) }
        self.stubs = stubs
    }

    /// The units being graded.
    public func gradedUnits() throws -> [CourseUnit] {
        options.units.isEmpty ? course.exerciseUnits : try options.units.map { try course.unit($0) }
    }

    /// Grades every submission (in parallel, `jobs` at a time) and writes the
    /// gradebook to `output`: `grades.csv`, `feedback/<student>.md`,
    /// `results/<student>/results.json`.
    @discardableResult
    public func grade(_ sources: [URL], output: URL, roster: Roster = Roster(),
                      log: @escaping @Sendable (String) -> Void = { _ in }) throws -> [SubmissionGrade] {
        let output = output.standardizedFileURL
        let work = options.workFolder.standardizedFileURL
        if (work.path + "/").hasPrefix(output.path + "/") { throw GradingError.workFolderInsideOutput(work.path) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let units = try gradedUnits()
        let submissions = try sources.map { try Submission.load($0, course: course, scratch: work) }
        var seen = Set<String>()
        for s in submissions where !seen.insert(s.studentID).inserted { throw GradingError.duplicateStudent(s.studentID) }

        let book = Gradebook(folder: output, units: units, dueDate: options.dueDate, roster: roster)
        let queue = WorkQueue(submissions)
        let workers = max(1, min(options.jobs, submissions.count))
        let collected = Collected<SubmissionGrade>()
        let failures = Collected<Error>()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let slot = BuildSlot(path: work.appendingPathComponent("slot-\(worker)"))
            do {
                try prepare(slot, log: log)
                while let submission = queue.next() {
                    log("grading \(submission.studentID) in \(slot.path.lastPathComponent)")
                    let graded = try grade(submission, units: units, in: slot)
                    try book.write(graded)
                    log("graded \(submission.studentID): \(Gradebook.format(graded.score))/\(Gradebook.format(graded.maxScore))")
                    collected.append(graded)
                }
            } catch {
                failures.append(error)
            }
        }
        if let error = failures.items.first { throw error }
        let grades = collected.items.sorted { $0.studentID < $1.studentID }
        try book.writeGradesCSV(grades)
        return grades
    }

    /// Builds the instructor edition in the slot once: a course that does not build
    /// cannot grade anyone, and this build is what later submissions reuse.
    public func prepare(_ slot: BuildSlot, log: (String) -> Void = { _ in }) throws {
        log("building the instructor edition in \(slot.path.path)")
        try slot.sync(from: course.root)
        let build = try slot.package(options.limits).build()
        guard build.succeeded else {
            throw GradingError.instructorEditionDoesNotBuild(build.errors.map(\.description) + [String(build.process.output.suffix(2000))])
        }
    }

    /// Grades one submission in a prepared slot.
    public func grade(_ submission: Submission, units: [CourseUnit], in slot: BuildSlot) throws -> SubmissionGrade {
        var files = stubs
        for (path, data) in submission.exerciseFiles { files[path] = data }
        let broken = try buildIsolatingCompileErrors(&files, in: slot)
        var results: [ExerciseResult] = []
        let runner = ExerciseRunner(package: slot.package(options.limits))
        for exercise in units.flatMap(\.exercises) {
            if let error = broken[exercise.file] {
                results.append(ExerciseResult(exercise: exercise, status: .compileError(error)))
            } else {
                results += try runner.runEach([exercise])
            }
        }
        var notes = submission.notes
        if !broken.isEmpty {
            notes.append("Files that did not compile were graded as the unchanged stub: " + broken.keys.sorted().joined(separator: ", "))
        }
        return SubmissionGrade(studentID: submission.studentID, timestamp: submission.timestamp, results: results, notes: notes)
    }

    /// Builds the slot with `files` over the instructor's tree; while the build
    /// fails, swaps the offending exercise files back to their stubs. Returns the
    /// swapped files with the first compiler error of each.
    func buildIsolatingCompileErrors(_ files: inout [String: Data], in slot: BuildSlot) throws -> [String: String] {
        var broken: [String: String] = [:]
        let package = slot.package(options.limits)
        func build() throws -> SwiftPackage.BuildResult {
            try slot.sync(from: course.root, overlay: files)
            return try package.build()
        }
        var result = try build()
        while !result.succeeded {
            let submitted = course.exerciseFiles.filter { files[$0] != stubs[$0] }
            let blamed = Set(result.errors.map(\.file)).filter { submitted.contains($0) }
            if !blamed.isEmpty {
                for file in blamed {
                    broken[file] = result.errors.first { $0.file == file }.map(\.description) ?? "compile error"
                    files[file] = stubs[file]
                }
                result = try build()
                continue
            }
            guard !submitted.isEmpty else {
                throw GradingError.instructorEditionDoesNotBuild(result.errors.map(\.description))
            }
            // The errors are elsewhere (a test no longer compiles against a changed
            // signature, ...): find the file whose stub makes the build pass.
            let firstError = result.errors.first.map(\.description) ?? "build failed"
            var culprit: String?
            for file in submitted {
                var trial = files
                trial[file] = stubs[file]
                try slot.sync(from: course.root, overlay: trial)
                if try package.build().succeeded { culprit = file; break }
            }
            for file in culprit.map({ [$0] }) ?? submitted {
                broken[file] = "the instructor's tests do not compile with it: \(firstError)"
                files[file] = stubs[file]
            }
            result = try build()
        }
        return broken
    }
}

/// The grade of one submission.
public struct SubmissionGrade: Sendable {
    public let studentID: String
    public let timestamp: String
    public let results: [ExerciseResult]
    public let notes: [String]

    public var score: Double { results.reduce(0) { $0 + $1.score } }
    public var maxScore: Double { results.reduce(0) { $0 + $1.exercise.points } }
    public func results(of unit: String) -> [ExerciseResult] { results.filter { $0.exercise.unit == unit } }
    public func result(_ id: String) -> ExerciseResult? { results.first { $0.exercise.id == id } }
}

/// Hands out items to worker threads.
final class WorkQueue<Item>: @unchecked Sendable {
    private var items: [Item]
    private let lock = NSLock()
    init(_ items: [Item]) { self.items = items.reversed() }
    func next() -> Item? { lock.lock(); defer { lock.unlock() }; return items.popLast() }
}

/// Collects results from worker threads.
final class Collected<Item>: @unchecked Sendable {
    private var storage: [Item] = []
    private let lock = NSLock()
    func append(_ item: Item) { lock.lock(); storage.append(item); lock.unlock() }
    var items: [Item] { lock.lock(); defer { lock.unlock() }; return storage }
}
