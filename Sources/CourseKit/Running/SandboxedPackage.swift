import Foundation

/// A build slot's package, built and tested the way submitted code must be:
/// inside a `Sandbox`, with a private scratch folder, CPU-time limits and a
/// thread budget.
///
/// Tests run the built test binary directly rather than through `swift test`:
/// the sandbox then needs only the build folder (read-only), not the package's
/// sources, so the hidden tests' source files are not there to be read, and no
/// `swift test` waits on an output pipe that a leftover child holds open.
public struct SandboxedPackage: Sendable {
    public let package: SwiftPackage
    public let sandbox: Sandbox
    /// Mounted as `/tmp` and `HOME` inside the sandbox; emptied before every command.
    public let scratch: URL
    /// Threads a BLAS library may start in each test process (cores / parallel jobs).
    public var threads = 1

    public init(package: SwiftPackage, sandbox: Sandbox, scratch: URL) {
        self.package = package
        self.sandbox = sandbox
        self.scratch = scratch
    }

    var limits: SwiftPackage.Limits { package.limits }

    /// `swift build --build-tests` with the slot writable and nothing else of the machine's files.
    public func build() throws -> SwiftPackage.BuildResult {
        try resetScratch()
        var process = ChildProcess(
            sandbox.wrap(
                ["swift", "build", "--build-tests"], scratch: scratch,
                writable: [package.root], directory: package.root),
            in: package.root, timeout: limits.buildTimeout, outputCap: 8 << 20)
        process.fileSizeLimitMB = 4096
        let result = try process.run()
        return SwiftPackage.BuildResult(process: result, errors: package.compileErrors(in: result.output))
    }

    /// Runs the tests matching `filter` with at most `cpuSeconds` of CPU time.
    public func test(filter: [String], cpuSeconds: TimeInterval) throws -> SwiftPackage.TestRun {
        try resetScratch()
        guard let binary = testBinary() else {
            // No single test binary (macOS builds an .xctest bundle): `swift test` runs it.
            var plain = package
            plain.limits.testTimeout = limits.wallClock(forCPU: cpuSeconds)
            return try plain.test(filter: filter)
        }
        let buildFolder = binary.deletingLastPathComponent()
        let events = scratch.appendingPathComponent("events.jsonl"), records = scratch.appendingPathComponent("records.jsonl")
        let inside = sandbox.isSandboxed ? "/tmp" : scratch.path
        // Serially: the checks of a parameterised test's cases are then recorded in the same order in every run.
        var arguments = [binary.path, "--testing-library", "swift-testing", "--no-parallel"] + filter.flatMap { ["--filter", $0] }
        arguments += ["--event-stream-output-path", "\(inside)/events.jsonl", "--event-stream-version", "0"]
        let variables = [
            "SWIFT_BACKTRACE": "enable=no", "OPENBLAS_NUM_THREADS": "\(threads)",
            "HOME": inside, "TMPDIR": inside, CheckRecorder.variable: "\(inside)/records.jsonl",
        ]
        var process = ChildProcess(
            sandbox.wrap(arguments, scratch: scratch, readable: [buildFolder], environment: variables),
            in: scratch, timeout: limits.wallClock(forCPU: cpuSeconds),
            outputCap: limits.outputCap, memoryLimitMB: limits.memoryLimitMB)
        process.environment = variables
        process.cpuLimit = cpuSeconds
        process.fileSizeLimitMB = limits.fileSizeLimitMB
        process.processLimit = limits.processLimit
        var result = try process.run()
        if sandbox.isSandboxed { result.termination = result.termination.sandboxed }
        return SwiftPackage.TestRun(process: result, events: events, records: records)
    }

    /// `.build/debug/<Package>PackageTests.xctest` when it is a single executable (Linux).
    func testBinary() -> URL? {
        let debug = package.root.appendingPathComponent(".build/debug").resolvingSymlinksInPath()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: debug.path)) ?? []
        return names.filter { $0.hasSuffix("PackageTests.xctest") }.sorted().map { debug.appendingPathComponent($0) }
            .first { url in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
    }

    private func resetScratch() throws {
        try? FileManager.default.removeItem(at: scratch)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }
}
