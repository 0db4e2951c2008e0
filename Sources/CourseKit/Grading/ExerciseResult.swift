import Foundation

/// How one exercise did in one run of its tests, and why.
public struct ExerciseResult: Codable, Equatable, Sendable {
    public enum Status: Codable, Equatable, Sendable {
        case passed
        /// A test failed: which one and its first issue.
        case failed(test: String, message: String)
        /// Every failing test failed on `ExerciseError.notImplemented`.
        case notStarted
        /// The exercise file did not compile; it was graded as the stub.
        case compileError(String)
        /// The wall-clock backstop struck.
        case timedOut(seconds: Double, test: String?)
        /// The tests used more CPU time than the exercise's limit.
        case cpuTimeExceeded(seconds: Double, test: String?)
        case crashed(String)
        /// The submission could not be read (a broken zip, a link, ...): the reason.
        case notGraded(String)
        /// The run reported tests that do not exist: the code under test wrote the results.
        case tampered
        /// No test matched the exercise's suites (an authoring mistake).
        case noTests
    }

    public let exercise: Exercise
    public let status: Status
    public let tests: [TestOutcome]

    /// All or nothing, or with `checks` in the manifest the points of each test that passed.
    /// A compile error, a stub, a tampered run or an unreadable submission scores 0.
    public var score: Double {
        switch status {
        case .passed: return exercise.points
        case .failed, .timedOut, .cpuTimeExceeded, .crashed:
            guard let checks = exercise.checks else { return 0 }
            return tests.filter(\.passed).reduce(0) { $0 + (checks[$1.name] ?? 0) }
        case .notStarted, .compileError, .noTests, .notGraded, .tampered: return 0
        }
    }

    /// `expectedTests` (the tests the reference solution's run reported): a run that
    /// reports others had its event stream written to by the code under test, and
    /// scores 0 without repeating the made-up names; one that leaves some out failed them.
    /// `checker` (the reference run's records) decides every test it covers from
    /// the outputs the run recorded: such a test passes only when its outputs match
    /// the reference, whatever the run's events say.
    public init(
        exercise: Exercise, run: SwiftPackage.TestRun, expectedTests: Set<String>? = nil,
        checker: ReferenceChecker? = nil
    ) {
        self.exercise = exercise
        var owned = run.outcomes.filter { exercise.owns(testID: $0.id) }
        if let expected = expectedTests, owned.contains(where: { !expected.contains($0.id) }) {
            self.tests = owned.filter { expected.contains($0.id) }
            self.status = .tampered
            return
        }
        if let expected = expectedTests {
            let reported = Set(owned.map(\.id))
            for id in expected.sorted() where !reported.contains(id) {
                owned.append(TestOutcome.didNotRun(id))
            }
        }
        if let checker {
            owned = owned.map { $0.checked(by: checker, outputs: run.records) }
        }
        self.tests = owned
        self.status = ExerciseResult.status(of: tests, process: run.process)
    }

    public init(exercise: Exercise, status: Status, tests: [TestOutcome] = []) {
        self.exercise = exercise
        self.status = status
        self.tests = tests
    }

    private static func status(of tests: [TestOutcome], process: ChildProcess.Result) -> Status {
        let running = tests.first { $0.started && !$0.finished }?.name
        switch process.termination {
        case .timedOut(let seconds):
            return .timedOut(seconds: seconds, test: running)
        case .cpuLimitExceeded(let seconds):
            return .cpuTimeExceeded(seconds: seconds, test: running)
        case .tooManyProcesses(let count):
            return .crashed("stopped for starting more than \(count) processes at once" + (running.map { " in \($0)" } ?? ""))
        case .outputCapExceeded(let bytes):
            return .crashed("stopped after printing more than \(bytes / 1024) KiB" + (running.map { " in \($0)" } ?? ""))
        case .signalled,
            .exited where tests.contains(where: { $0.started && !$0.finished }):
            return .crashed(crashSummary(process) + (running.map { " (in \($0))" } ?? ""))
        default:
            break
        }
        guard !tests.isEmpty else {
            if case .exited(0) = process.termination { return .noTests }
            return .crashed(crashSummary(process))
        }
        let failing = tests.filter { !$0.passed }
        if failing.isEmpty { return .passed }
        if failing.allSatisfy(\.failedAsNotImplemented) { return .notStarted }
        // A public test's message says more than a hidden test's summary.
        let real = failing.filter { !$0.failedAsNotImplemented }
        let first = real.first { !$0.isHidden } ?? real.first ?? failing[0]
        let issue = first.issues.first
        let message = first.isHidden ? (issue?.hiddenTestSummary ?? "did not finish") : (issue?.fullText ?? "did not finish")
        return .failed(test: first.name, message: message)
    }

    /// The runtime's own words about a crash: `Fatal error: Index out of range`, ...
    static func crashSummary(_ process: ChildProcess.Result) -> String {
        let lines = process.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        if let line = lines.first(where: { $0.localizedCaseInsensitiveContains("allocate") }) {
            return "ran out of memory (over the memory limit): \(shortened(line))"
        }
        let markers = ["Fatal error", "Precondition failed", "Assertion failed", "fatal error", "Segmentation fault", "Illegal instruction"]
        let line = lines.first { line in markers.contains { line.contains($0) } }
        let cause: String
        switch process.termination {
        case .signalled(let signal): cause = "crashed (signal \(signal))"
        case .exited(let code): cause = "the test process exited with status \(code)"
        default: cause = "crashed"
        }
        return line.map { "\(cause): \(shortened($0))" } ?? cause
    }

    /// Keeps the message after the last path component (`.../File.swift:12: Fatal error: ...`).
    static func shortened(_ line: String) -> String {
        guard let range = line.range(of: "Fatal error") ?? line.range(of: "Precondition failed") else { return line }
        return String(line[range.lowerBound...])
    }

    /// One line for tables and feedback.
    public var summary: String {
        switch status {
        case .passed: return "passed"
        case let .failed(test, message): return "failed: \(test): \(message)"
        case .notStarted: return "not started: \(exercise.notImplementedMessage)"
        case .compileError(let detail): return "does not compile: \(detail)"
        case let .timedOut(seconds, test): return "timed out after \(Int(seconds)) s" + (test.map { " in \($0)" } ?? "")
        case let .cpuTimeExceeded(seconds, test):
            return "used more than its \(String(format: "%g", seconds)) s of CPU time" + (test.map { " in \($0)" } ?? "")
        case .crashed(let detail): return detail
        case .notGraded(let reason): return "not graded: \(reason)"
        case .tampered: return "its test run reported tests that do not exist: the results were written by the code under test"
        case .noTests: return "no tests found (suites \(exercise.suiteName), \(exercise.hiddenSuiteName))"
        }
    }

    /// A short word for the status column.
    public var statusWord: String {
        switch status {
        case .passed: return "passed"
        case .failed: return "failed"
        case .notStarted: return "not started"
        case .compileError: return "compile error"
        case .timedOut, .cpuTimeExceeded: return "timed out"
        case .crashed: return "crashed"
        case .notGraded: return "not graded"
        case .tampered: return "tampered"
        case .noTests: return "no tests"
        }
    }
}
