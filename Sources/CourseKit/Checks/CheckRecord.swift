// Foundation only: the sample course in Tests/WorkbookTests/SampleCourse links to this file.
import Foundation

/// One output a test computed and checked, written down for the grader.
///
/// When grading, the process that runs a student's code is not trusted to say
/// whether a test passed: every check (`checkClose`, `checkGradient`,
/// `checkEqual`, `checkAtLeast`, ...) also appends what it was given to the file
/// named by `COURSE_CHECK_RECORDS`. The grader runs the reference solution the
/// same way, and its checker (`ReferenceChecker`, outside the student's process)
/// compares the student's `got` with the reference run's `expected`, using the
/// reference run's tolerances. A student's process can then only lie about its
/// outputs, which is the same as computing them.
public struct CheckRecord: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// `|got - expected| <= atol + rtol·|expected|` element by element.
        case close
        /// CS231n relative error of `got` (analytic) and `expected` (finite differences) at most `tolerance`.
        case gradient
        /// Equal element by element (integers, tokens, words).
        case equal
        /// `got[0] >= expected[0]` (a metric and its threshold).
        case atLeast
        /// `got[0] <= expected[0]`.
        case atMost
    }

    /// `E03_SoftmaxHiddenTests.swift/isStable()`: the test file and function that checked it.
    public var test: String
    /// What the test calls it: `∂L/∂x`, `accuracy`.
    public var label: String
    public var kind: Kind
    public var got: [Double]
    /// What `got` is compared with (the threshold for `atLeast`/`atMost`).
    public var expected: [Double]
    /// Tokens or words compared by `equal` (numbers are in `got`/`expected`).
    public var gotWords: [String]? = nil
    public var expectedWords: [String]? = nil
    public var shape: [Int]? = nil
    public var rtol: Double = 0
    public var atol: Double = 0

    package init(
        test: String, label: String, kind: Kind, got: [Double], expected: [Double], gotWords: [String]? = nil,
        expectedWords: [String]? = nil, shape: [Int]? = nil, rtol: Double = 0, atol: Double = 0
    ) {
        (self.test, self.label, self.kind, self.got, self.expected) = (test, label, kind, got, expected)
        (self.gotWords, self.expectedWords, self.shape, self.rtol, self.atol) = (gotWords, expectedWords, shape, rtol, atol)
    }

    /// The test key of a check made at `file` (`#fileID`) in `function` (`#function`).
    public static func testKey(file: String, function: String) -> String {
        "\(file.split(separator: "/").last.map(String.init) ?? file)/\(function)"
    }

    /// The test key of a Swift Testing test id: `M01Tests.M01_E03/isStable()/E03_Tests.swift:7:6`.
    public static func testKey(testID: String) -> String {
        let parts = testID.split(separator: "/")
        guard parts.count >= 3, let file = parts.last?.split(separator: ":").first else { return testID }
        return "\(file)/\(parts[1...(parts.count - 2)].joined(separator: "/"))"
    }
}

/// Appends check records to the file named by `COURSE_CHECK_RECORDS`, when set.
public enum CheckRecorder {
    /// The environment variable that names the records file.
    public static let variable = "COURSE_CHECK_RECORDS"
    private static let path = ProcessInfo.processInfo.environment[variable]
    private static let lock = NSLock()

    /// NaN and infinities are outputs too (a softmax that overflows): written as strings.
    private static let nonFinite = (positive: "inf", negative: "-inf", nan: "nan")

    /// Appends one record as a JSON line. Tests run side by side, so a lock keeps
    /// lines whole; the file is an append-only log, read after the process ends.
    public static func record(_ record: @autoclosure () -> CheckRecord) {
        guard let path, let data = encoded(record()) else { return }
        lock.lock()
        defer { lock.unlock() }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let line = data + Data("\n".utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// One record as JSON.
    static func encoded(_ record: CheckRecord) -> Data? {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positive,
            negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return try? encoder.encode(record)
    }

    /// Records of a records file (lines that do not parse are skipped).
    public static func records(fromJSONLines data: Data) -> [CheckRecord] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positive,
            negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(CheckRecord.self, from: Data($0)) }
    }
}
