import Foundation

/// `swift build` and `swift test` on a package folder, each as a `ChildProcess`.
public struct SwiftPackage: Sendable {
    public let root: URL
    public var limits: Limits

    /// Limits for the commands this package runs.
    public struct Limits: Sendable {
        public var buildTimeout: TimeInterval = 3600
        /// Seconds a test run may take. When grading, the CPU seconds an exercise's
        /// tests may use where the course gives no calibration (see `TimeLimit`).
        public var testTimeout: TimeInterval = 60
        public var outputCap: Int = 1 << 20
        public var memoryLimitMB: Int? = 4096
        /// The largest file a test process may write.
        public var fileSizeLimitMB: Int? = 256
        /// Processes a test run may hold at once.
        public var processLimit: Int? = 64
        public init() {}

        /// The wall-clock backstop for a run allowed `cpu` CPU seconds: generous, so
        /// that a busy machine does not cut a run that is within its CPU time.
        public func wallClock(forCPU cpu: TimeInterval) -> TimeInterval { 4 * cpu + 30 }
    }

    public init(root: URL, limits: Limits = Limits()) {
        self.root = root
        self.limits = limits
    }

    /// A finished `swift build --build-tests`.
    public struct BuildResult: Sendable {
        public let process: ChildProcess.Result
        public var succeeded: Bool { process.succeeded }
        /// Compiler errors, one per `file:line:col: error: message` line (paths made relative to the root).
        public let errors: [CompileError]
    }

    public struct CompileError: Equatable, Sendable {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Builds the package and its tests.
    public func build() throws -> BuildResult {
        let result = try ChildProcess(
            ["swift", "build", "--build-tests"], in: root,
            timeout: limits.buildTimeout, outputCap: 8 << 20
        ).run()
        return BuildResult(process: result, errors: compileErrors(in: result.output))
    }

    /// A finished `swift test --skip-build` run and what each test did.
    public struct TestRun: Sendable {
        public let process: ChildProcess.Result
        public let outcomes: [TestOutcome]
        /// The outputs its checks recorded (`CheckRecord`), for the grader's checker.
        public var records: [CheckRecord] = []

        public init(process: ChildProcess.Result, outcomes: [TestOutcome], records: [CheckRecord] = []) {
            self.process = process
            self.outcomes = outcomes
            self.records = records
        }

        /// Reads the event stream and the records file a run left (each read capped at 16 MiB).
        init(process: ChildProcess.Result, events: URL, records: URL) {
            self.process = process
            self.outcomes = TestEventStream.outcomes(fromJSONLines: Data(ChildProcess.readCapped(events, cap: 16 << 20).utf8))
            self.records = CheckRecorder.records(fromJSONLines: Data(ChildProcess.readCapped(records, cap: 16 << 20).utf8))
        }
    }

    /// Runs the already built tests that match `filter` (and not `skip`), in one process.
    public func test(filter: [String] = [], skip: [String] = [], xctest: Bool = false) throws -> TestRun {
        let run = FileManager.default.temporaryDirectory.appendingPathComponent("course-run-\(UUID().uuidString)")
        let events = run.appendingPathExtension("events.jsonl"), records = run.appendingPathExtension("records.jsonl")
        defer { for file in [events, records] { try? FileManager.default.removeItem(at: file) } }
        var arguments = ["swift", "test", "--skip-build", xctest ? "--enable-xctest" : "--disable-xctest"]
        arguments += filter.flatMap { ["--filter", $0] } + skip.flatMap { ["--skip", $0] }
        arguments += ["--event-stream-output-path", events.path, "--event-stream-version", "0"]
        var process = ChildProcess(
            arguments, in: root, timeout: limits.testTimeout,
            outputCap: limits.outputCap, memoryLimitMB: limits.memoryLimitMB)
        // Swift's crash backtracer can take seconds per crash; the runtime's one-line
        // "Fatal error: ..." message, which the feedback quotes, comes before it.
        process.environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment[CheckRecorder.variable] = records.path
        return TestRun(process: try process.run(), events: events, records: records)
    }

    func compileErrors(in output: String) -> [CompileError] {
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let resolvedRoot = root.resolvingSymlinksInPath().path + "/"
        return output.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: ": error: ") else { return nil }
            let location = line[..<range.lowerBound].split(separator: ":")
            guard location.count >= 2, let lineNumber = Int(location[1]) else { return nil }
            var file = String(location[0])
            for prefix in [rootPath, resolvedRoot] where file.hasPrefix(prefix) { file = String(file.dropFirst(prefix.count)) }
            return CompileError(file: file, line: lineNumber, message: String(line[range.upperBound...]))
        }
    }
}
