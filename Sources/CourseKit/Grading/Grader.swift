import Foundation

/// Grades submissions against the instructor's edition of a course.
///
/// Each submission is built in a slot that holds the instructor's tree with only
/// the submission's exercise files copied in, so tests are always the
/// instructor's. Builds and test runs happen inside a `Sandbox` (no network, no
/// view of the course, other submissions or the gradebook; every process ends
/// with its run). Each exercise runs in its own test process with a CPU-time
/// limit calibrated on the reference solution, and output, memory, file-size and
/// process limits. Files that do not compile are swapped back to their stub, one
/// by one, so a compile error costs only that file's exercise.
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
        /// Where submitted code runs; `nil`: bubblewrap when it works here, else unsandboxed.
        public var sandbox: Sandbox?
        /// Keep the grades of submissions already graded (unchanged) in the output folder.
        public var resume = false
        public init(workFolder: URL) { self.workFolder = workFolder }
    }

    public let course: Course
    public let options: Options
    public let sandbox: Sandbox
    private let stubs: [String: Data]
    /// Test files released unchanged: their compiler errors may be shown to students.
    private let publicTestFiles: Set<String>

    public init(course: Course, options: Options) throws {
        self.course = course
        self.options = options
        self.sandbox = options.sandbox ?? Sandbox.detect()
        let edition = StudentEdition(course: course)
        var stubs: [String: Data] = [:]
        for file in course.exerciseFiles { stubs[file] = try edition.stubbedExerciseFile(file) }
        self.stubs = stubs
        var publicTests = Set<String>()
        for (path, data) in try edition.files() where path.hasPrefix("Tests/") {
            if (try? Data(contentsOf: course.root.appendingPathComponent(path))) == data { publicTests.insert(path) }
        }
        self.publicTestFiles = publicTests
    }

    /// The units being graded.
    public func gradedUnits() throws -> [CourseUnit] {
        options.units.isEmpty ? course.exerciseUnits : try options.units.map { try course.unit($0) }
    }

    /// Grades every submission (in parallel, `jobs` at a time) and writes the
    /// gradebook to `output`: `grades.csv`, `feedback/<student>.md`,
    /// `results/<student>/results.json`. A submission that cannot be read gets a
    /// row of its own with the reason; the others are graded.
    @discardableResult
    public func grade(
        _ sources: [URL], output: URL, roster: Roster = Roster(),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> [SubmissionGrade] {
        let output = output.standardizedFileURL
        let work = options.workFolder.standardizedFileURL
        if (work.path + "/").hasPrefix(output.path + "/") { throw GradingError.workFolderInsideOutput(work.path) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let units = try gradedUnits()
        let book = Gradebook(folder: output, units: units, dueDate: options.dueDate, roster: roster)
        log(sandbox.label)

        var finished: [SubmissionGrade] = []
        var pending: [Submission] = []
        var seen = Set<String>()
        for source in sources {
            let id = Submission.studentID(of: source)
            guard seen.insert(id).inserted else {
                log("not grading \(source.path): another submission is named \(id)")
                continue
            }
            do {
                let submission = try Submission.load(source, course: course, scratch: work)
                if options.resume, let done = try book.recordedGrade(of: submission) {
                    log("\(id): already graded, kept")
                    finished.append(done)
                } else {
                    pending.append(submission)
                }
            } catch {
                log("\(id): not graded: \(error)")
                let rejected = SubmissionGrade.rejected(studentID: id, reason: "\(error)", units: units)
                try book.write(rejected, submission: nil)
                finished.append(rejected)
            }
        }

        let queue = WorkQueue(pending)
        let workers = max(1, min(options.jobs, pending.count))
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount / workers)
        let collected = Collected<SubmissionGrade>()
        let failures = Collected<Error>()
        let calibration: Calibration  // read by every worker
        if pending.isEmpty {
            calibration = Calibration()
        } else {
            let first = worker(0, threads: threads)
            try prepare(first.slot, log: log)
            calibration = try calibrate(units.flatMap(\.exercises), in: first, log: log)
        }
        DispatchQueue.concurrentPerform(iterations: pending.isEmpty ? 0 : workers) { index in
            let place = worker(index, threads: threads)
            do {
                if index > 0 { try prepare(place.slot, log: log) }
                while let submission = queue.next() {
                    log("grading \(submission.studentID) in \(place.slot.path.lastPathComponent)")
                    let graded = try grade(submission, units: units, in: place, calibration: calibration)
                    try book.write(graded, submission: submission)
                    log("graded \(submission.studentID): \(Gradebook.format(graded.score))/\(Gradebook.format(graded.maxScore))")
                    collected.append(graded)
                }
            } catch {
                failures.append(error)
            }
        }
        if let error = failures.items.first { throw error }
        let grades = (finished + collected.items).sorted { $0.studentID < $1.studentID }
        try book.writeGradesCSV(grades)
        return grades
    }

    /// Worker `index`'s build slot and sandbox scratch folder under the work folder.
    public func worker(_ index: Int, threads: Int = 1) -> Worker {
        let work = options.workFolder.standardizedFileURL
        let slot = BuildSlot(path: work.appendingPathComponent("slot-\(index)"))
        var place = Worker(
            slot: slot,
            sandboxed: SandboxedPackage(
                package: slot.package(options.limits), sandbox: sandbox,
                scratch: work.appendingPathComponent("scratch-\(index)")))
        place.sandboxed.threads = threads
        return place
    }

    /// A build slot and how its package is built and tested.
    public struct Worker: Sendable {
        public let slot: BuildSlot
        public var sandboxed: SandboxedPackage
    }

    /// Builds the instructor edition in the slot once: a course that does not build
    /// cannot grade anyone, and this build is what later submissions reuse. The
    /// instructor's code is trusted: this build runs outside the sandbox (it may
    /// need to resolve the package's dependencies).
    public func prepare(_ slot: BuildSlot, log: (String) -> Void = { _ in }) throws {
        log("building the instructor edition in \(slot.path.path)")
        try slot.sync(from: course.root)
        let build = try slot.package(options.limits).build()
        guard build.succeeded else {
            throw GradingError.instructorEditionDoesNotBuild(build.errors.map(\.description) + [String(build.process.output.suffix(2000))])
        }
    }

    /// What the reference solutions' own test runs tell the grader.
    public struct Calibration: Sendable {
        /// Exercise id -> CPU seconds its tests get.
        public var cpuSeconds: [String: TimeInterval] = [:]
        /// Exercise id -> the ids of its tests: a run that reports any other test was tampered with.
        public var tests: [String: Set<String>] = [:]
        /// Exercise id -> the outputs its checks recorded: what the checker compares a submission's with.
        public var references: [String: [CheckRecord]] = [:]
        public init() {}

        /// The checker of an exercise's tests, when its reference run recorded outputs.
        public func checker(_ exercise: Exercise) -> ReferenceChecker? {
            references[exercise.id].map { ReferenceChecker(references: $0) }
        }
    }

    /// Runs the reference solution's tests of each exercise in `worker`'s prepared
    /// slot: its `TimeLimit` applied to their CPU time gives the exercise's limit,
    /// the tests they report are the ones a submission's run must report, and the
    /// outputs their checks record are what a submission's outputs are compared with.
    public func calibrate(_ exercises: [Exercise], in worker: Worker, log: (String) -> Void = { _ in }) throws -> Calibration {
        var calibration = Calibration()
        let floor = options.limits.testTimeout
        for exercise in exercises {
            // The reference gets the most any exercise may be given: ten times the floor.
            let run = try worker.sandboxed.test(filter: [exercise.testFilter], cpuSeconds: 10 * floor)
            let result = ExerciseResult(exercise: exercise, run: run)
            let seconds = exercise.timeLimit.seconds(reference: run.process.cpuTime, defaultFloor: floor)
            calibration.cpuSeconds[exercise.id] = seconds
            if result.status == .passed {
                calibration.tests[exercise.id] = Set(result.tests.map(\.id))
                calibration.references[exercise.id] = run.records
            }
            log(
                "\(exercise.id): reference \(result.statusWord) using \(String(format: "%.2f", run.process.cpuTime)) CPU s;"
                    + " limit \(String(format: "%.1f", seconds)) CPU s")
        }
        return calibration
    }

    /// Grades one submission in a prepared slot. `calibration` (from `calibrate`)
    /// gives each exercise's CPU seconds (missing ones get the `--timeout`) and tests.
    public func grade(
        _ submission: Submission, units: [CourseUnit], in worker: Worker,
        calibration: Calibration = Calibration()
    ) throws -> SubmissionGrade {
        var files = stubs
        for (path, data) in submission.exerciseFiles { files[path] = data }
        let broken = try buildIsolatingCompileErrors(&files, in: worker)
        var results: [ExerciseResult] = []
        for exercise in units.flatMap(\.exercises) {
            if let error = broken[exercise.file] {
                results.append(ExerciseResult(exercise: exercise, status: .compileError(error)))
            } else {
                let seconds = calibration.cpuSeconds[exercise.id] ?? options.limits.testTimeout
                let run = try worker.sandboxed.test(filter: [exercise.testFilter], cpuSeconds: seconds)
                results.append(
                    ExerciseResult(
                        exercise: exercise, run: run, expectedTests: calibration.tests[exercise.id],
                        checker: calibration.checker(exercise)))
            }
        }
        var notes = [sandbox.label] + submission.notes
        if !broken.isEmpty {
            notes.append("Files that did not compile were graded as the unchanged stub: " + broken.keys.sorted().joined(separator: ", "))
        }
        return SubmissionGrade(studentID: submission.studentID, timestamp: submission.timestamp, results: results, notes: notes)
    }

    /// Builds the slot with `files` over the instructor's tree; while the build
    /// fails, swaps the offending exercise files back to their stubs. Returns the
    /// swapped files with the first compiler error of each.
    func buildIsolatingCompileErrors(_ files: inout [String: Data], in worker: Worker) throws -> [String: String] {
        var broken: [String: String] = [:]
        let slot = worker.slot
        func build() throws -> SwiftPackage.BuildResult {
            try slot.sync(from: course.root, overlay: files)
            return try worker.sandboxed.build()
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
            let firstError = describeTestError(result.errors)
            var culprit: String?
            for file in submitted {
                var trial = files
                trial[file] = stubs[file]
                try slot.sync(from: course.root, overlay: trial)
                if try worker.sandboxed.build().succeeded { culprit = file; break }
            }
            for file in culprit.map({ [$0] }) ?? submitted {
                broken[file] = "the instructor's tests do not compile with it: \(firstError)"
                files[file] = stubs[file]
            }
            result = try build()
        }
        return broken
    }

    /// The first compiler error in a released test file; errors in hidden tests are not quoted.
    func describeTestError(_ errors: [SwiftPackage.CompileError]) -> String {
        if let shown = errors.first(where: { publicTestFiles.contains($0.file) }) { return shown.description }
        return errors.isEmpty ? "build failed" : "a hidden test does not compile with it"
    }
}

/// The grade of one submission.
public struct SubmissionGrade: Codable, Sendable {
    public let studentID: String
    public let timestamp: String
    public let results: [ExerciseResult]
    public let notes: [String]

    public var score: Double { results.reduce(0) { $0 + $1.score } }
    public var maxScore: Double { results.reduce(0) { $0 + $1.exercise.points } }
    public func results(of unit: String) -> [ExerciseResult] { results.filter { $0.exercise.unit == unit } }
    public func result(_ id: String) -> ExerciseResult? { results.first { $0.exercise.id == id } }

    /// The row of a submission that could not be graded: every exercise 0, with the reason.
    static func rejected(studentID: String, reason: String, units: [CourseUnit]) -> SubmissionGrade {
        SubmissionGrade(
            studentID: studentID, timestamp: "",
            results: units.flatMap(\.exercises).map { ExerciseResult(exercise: $0, status: .notGraded(reason)) },
            notes: ["Not graded: \(reason)"])
    }
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
