import Foundation

/// `course validate`, nbgrader's `validate --invert` for the whole course:
/// - the student edition builds, every exercise's tests fail there as "not
///   started", and every other test target still passes;
/// - graded with the instructor's tests (hidden ones too), the stubs score zero;
/// - the reference solutions score full marks;
/// - every exercise has a lesson anchor, and hidden tests live in `_Hidden` suites;
/// - every hidden test records its outputs for the grader's checker;
/// - no solution line is shipped verbatim in another file of the student edition.
public struct Validator {
    public let grader: Grader

    public init(grader: Grader) { self.grader = grader }

    public struct Report {
        public var problems: [String] = []
        public var reference: [ExerciseResult] = []
        public var student: [ExerciseResult] = []
        public var ok: Bool { problems.isEmpty }
    }

    public func run(log: @escaping (String) -> Void = { _ in }) throws -> Report {
        let course = grader.course
        var report = Report()
        report.problems += docAnchorProblems()
        report.problems += try unwatchedSuiteProblems()
        let exercises = try grader.gradedUnits().flatMap(\.exercises)
        let work = grader.options.workFolder
        let worker = grader.worker(0)
        let slot = worker.slot

        // 1. The student edition, as released.
        let edition = work.appendingPathComponent("student-edition")
        log("writing the student edition to \(edition.path)")
        try StudentEdition(course: course).write(to: edition, force: true)
        report.problems += try SolutionLeaks(course: course).find(in: StudentEdition(course: course).files()).map(\.description)
        try slot.sync(from: edition)
        log("building the student edition")
        let package = slot.package(grader.options.limits)
        let build = try package.build()
        guard build.succeeded else {
            report.problems.append("the student edition does not build:\n" + build.errors.prefix(10).map(\.description).joined(separator: "\n"))
            return report
        }
        let publicRun = try ExerciseRunner(package: package).runTogether(exercises)
        for result in publicRun where result.status != .notStarted {
            report.problems.append("\(result.exercise.id) in the student edition: expected its public tests to fail as not started, got \(result.summary)")
        }
        if let hidden = publicRun.flatMap(\.tests).first(where: \.isHidden) {
            report.problems.append("the hidden test \(hidden.id) is in the student edition: put _Hidden suites in *Hidden*.swift files or HIDDEN TESTS regions")
        }
        let exerciseTargets = Set(course.exerciseUnits.map(\.testTarget)).sorted()
        log("running the other test targets in the student edition")
        var others = package
        others.limits.testTimeout = max(others.limits.testTimeout, 3600)
        let otherRun = try others.test(skip: exerciseTargets.map { "^\($0)\\." }, xctest: true)
        if !otherRun.process.succeeded {
            let failed = otherRun.outcomes.filter { !$0.passed }.prefix(10).map(\.id)
            let detail = failed.isEmpty ? Self.failureLines(in: otherRun.process.output) : failed
            report.problems.append("other test targets fail in the student edition (\(otherRun.process.termination)): " + detail.joined(separator: ", "))
        }

        // 2. The stubs under the instructor's tests, then 3. the reference solutions.
        try grader.prepare(slot, log: log)
        let calibration = try grader.calibrate(exercises, in: worker, log: log)
        let stubs = Submission(
            studentID: "student-edition", source: edition, timestamp: "",
            exerciseFiles: try StudentEdition(course: course).files().filter { course.exerciseFiles.contains($0.key) },
            notes: [])
        log("grading the student edition with the instructor's tests")
        report.student = try grader.grade(stubs, units: try grader.gradedUnits(), in: worker, calibration: calibration).results
        for result in report.student where result.score != 0 || result.status != .notStarted {
            report.problems.append("\(result.exercise.id) stub: expected 0 points as not started, got \(Gradebook.format(result.score)) (\(result.summary))")
        }
        log("grading the reference solutions")
        let referenceFiles = try Dictionary(
            uniqueKeysWithValues: course.exerciseFiles.map {
                ($0, try Data(contentsOf: course.root.appendingPathComponent($0)))
            })
        let reference = Submission(
            studentID: "reference", source: course.root, timestamp: "",
            exerciseFiles: referenceFiles, notes: [])
        report.reference = try grader.grade(reference, units: try grader.gradedUnits(), in: worker, calibration: calibration).results
        for result in report.reference where result.status != .passed {
            report.problems.append("\(result.exercise.id) reference solution: expected full marks, got \(result.summary)")
        }
        for result in report.reference {
            guard let checks = result.exercise.checks, Set(checks.keys) != Set(result.tests.map(\.name)) else { continue }
            report.problems.append(
                "\(result.exercise.id): its checks name \(checks.keys.sorted().joined(separator: ", ")) but its tests are "
                    + result.tests.map(\.name).sorted().joined(separator: ", "))
        }
        report.problems += Self.unrecordedTests(report.reference, calibration: calibration)
        let publicIDs = Set(publicRun.flatMap(\.tests).map(\.id))
        for test in report.reference.flatMap(\.tests) where !test.isHidden && !publicIDs.contains(test.id) {
            report.problems.append("\(test.id) is removed from the student edition but its suite does not end in _Hidden")
        }
        return report
    }

    /// The lines of a test run's output that say what failed, for a run whose event
    /// stream names no failing test (an XCTest failure, a crash, a build step).
    static func failureLines(in output: String, limit: Int = 10) -> [String] {
        let lines: [String] = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let failures = lines.filter { $0.contains("error:") || $0.contains("' failed") || $0.contains("Fatal error") }
        return failures.isEmpty ? Array(lines.suffix(3)) : Array(failures.prefix(limit))
    }

    /// Tests whose verdict would rest on the submission's own process: hidden tests
    /// (and tests with points of their own) whose reference run recorded no outputs,
    /// and outputs recorded under a name that is no test (a check called in a helper
    /// function: pass it the test's `file: #fileID, function: #function`).
    static func unrecordedTests(_ reference: [ExerciseResult], calibration: Grader.Calibration) -> [String] {
        var problems: [String] = []
        for result in reference {
            let recorded = Set((calibration.references[result.exercise.id] ?? []).map(\.test))
            let tests = Set(result.tests.map { CheckRecord.testKey(testID: $0.id) })
            for test in result.tests
            where !recorded.contains(CheckRecord.testKey(testID: test.id))
                && (test.isHidden || result.exercise.checks?[test.name] != nil)
            {
                problems.append(
                    "\(test.id) records no outputs (checkClose, checkEqual, checkGradient, checkAtLeast, ...): "
                        + "its verdict would rest on the submission's own process")
            }
            for key in recorded.subtracting(tests).sorted() {
                problems.append("\(result.exercise.id): outputs are recorded under \(key), which is no test of it")
            }
        }
        return problems
    }

    /// In a course whose tests have the `.exercise(...)` trait (`Sources/ExerciseTesting`),
    /// every suite of an exercise must carry it with its own id, or a call of the
    /// library's answer to the exercise would go unnoticed in that suite.
    func unwatchedSuiteProblems() throws -> [String] {
        let root = grader.course.root
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Sources/ExerciseTesting").path) else { return [] }
        var problems: [String] = []
        for unit in grader.course.exerciseUnits {
            let folder = root.appendingPathComponent("Tests/\(unit.testTarget)")
            let files = (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
                .filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
            for file in files {
                let text = try String(contentsOf: file, encoding: .utf8)
                problems += Self.unwatchedSuites(in: text, exercises: unit.exercises.map(\.id)).map {
                    "\(file.lastPathComponent): suite \($0.suite) lacks the trait .exercise(\"\($0.exercise)\")"
                }
            }
        }
        return problems
    }

    /// The exercise suites (`M03_E08`, `M03_E08_Hidden`) declared in `text` without
    /// `@Suite(.exercise("M03-E08"))`.
    static func unwatchedSuites(in text: String, exercises: [String]) -> [(suite: String, exercise: String)] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var found: [(suite: String, exercise: String)] = []
        for (i, line) in lines.enumerated() {
            for id in exercises {
                let name = id.replacingOccurrences(of: "-", with: "_")
                guard let range = line.range(of: "struct \(name)") else { continue }
                let rest = String(line[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                guard rest.isEmpty || rest == "_Hidden" else { continue }
                // The declaration's own attributes: its line up to `struct`, and attribute lines just above.
                var attributes = String(line[..<range.lowerBound])
                var j = i - 1
                while j >= 0, lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("@"), !lines[j].contains("struct ") {
                    attributes += lines[j]
                    j -= 1
                }
                if !attributes.contains(".exercise(\"\(id)\")") { found.append((name + rest, id)) }
            }
        }
        return found
    }

    /// Each exercise's `doc` must point at an existing file holding its anchor
    /// (`<a id="m01-e03"></a>` or a heading whose slug is the anchor).
    func docAnchorProblems() -> [String] {
        grader.course.exercises.compactMap { exercise in
            let parts = exercise.doc.split(separator: "#", maxSplits: 1).map(String.init)
            guard let text = try? String(contentsOf: grader.course.root.appendingPathComponent(parts[0]), encoding: .utf8) else {
                return "\(exercise.id): its lesson text \(parts[0]) does not exist"
            }
            guard parts.count == 2 else { return nil }
            let anchor = parts[1]
            let hasID = text.contains("id=\"\(anchor)\"")
            let hasHeading = text.split(separator: "\n").contains { line in
                line.hasPrefix("#") && Self.slug(line.drop { $0 == "#" }) == anchor
            }
            return hasID || hasHeading ? nil : "\(exercise.id): \(parts[0]) has no anchor \(anchor) (add <a id=\"\(anchor)\"></a> above its section)"
        }
    }

    /// GitHub's heading anchor: lower case, spaces to dashes, punctuation dropped.
    static func slug<S: StringProtocol>(_ heading: S) -> String {
        String(
            heading.trimmingCharacters(in: .whitespaces).lowercased().compactMap { c -> Character? in
                if c == " " { return "-" }
                return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
            })
    }
}
