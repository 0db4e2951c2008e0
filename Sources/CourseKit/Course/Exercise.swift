/// One graded exercise: a function (or a few) in `Lessons/Mxx/Exercises/`, whose body
/// sits between `// BEGIN SOLUTION` and `// END SOLUTION`, and the tests that check it.
///
/// Exercises are declared in the lesson's `exercises.json`, so the `course` command
/// knows them without building anything.
public struct Exercise: Codable, Equatable, Sendable {
    /// `M01-E03`: the unit id, `-E`, two digits.
    public let id: String
    /// Short, lower-case-ish words that finish "M01-E03 ... is not implemented yet".
    public let title: String
    public let points: Double
    /// The exercise's source file, relative to the package root (`Lessons/M01/Exercises/E03_SoftmaxBackward.swift`).
    public let file: String
    /// Where the lesson text explains it, relative to the package root (`Docs/M01.md#m01-e03`).
    public let doc: String
    /// The lesson or project it belongs to (`M01`).
    public let unit: String
    /// The CPU time its tests get when graded, relative to the reference solution's.
    public var timeLimit = TimeLimit()
    /// Points per test (its name, `sumsToOne()`), public and hidden, when the
    /// exercise gives partial credit; `nil`: all or nothing.
    public var checks: [String: Double]? = nil

    /// The Swift Testing suite that holds its public tests: `M01_E03`.
    /// Hidden tests live in `M01_E03_Hidden`.
    public var suiteName: String { id.replacingOccurrences(of: "-", with: "_") }
    public var hiddenSuiteName: String { suiteName + "_Hidden" }
    /// The test target of its unit: `M01Tests`.
    public var testTarget: String { unit + "Tests" }

    /// The `swift test --filter` regular expression that selects exactly this
    /// exercise's suites (public and hidden), and what is inside them.
    public var testFilter: String { "^\(testTarget)\\.\(suiteName)(_Hidden)?$" }

    /// The exercise a test id such as `M01Tests.M01_E03_Hidden/isStable()/File.swift:7:6` belongs to.
    public func owns(testID: String) -> Bool {
        let suitePath = testID.split(separator: "/", maxSplits: 1).first.map(String.init) ?? testID
        return suitePath == "\(testTarget).\(suiteName)" || suitePath == "\(testTarget).\(hiddenSuiteName)"
    }

    /// Whether a test id names a hidden test (its suite ends in `_Hidden`).
    public static func isHidden(testID: String) -> Bool {
        let suitePath = testID.split(separator: "/", maxSplits: 1).first ?? Substring(testID)
        return suitePath.hasSuffix("_Hidden")
    }

    /// The statement the student edition puts in place of each solution.
    public var stubStatement: String {
        "throw ExerciseError.notImplemented(id: \(swiftLiteral(id)), title: \(swiftLiteral(title)), doc: \(swiftLiteral(doc)))"
    }

    /// What the stub's error prints: `M01-E03 softmax backward is not implemented yet, see Docs/M01.md#m01-e03`.
    public var notImplementedMessage: String {
        ExerciseError.notImplemented(id: id, title: title, doc: doc).description
    }
}

/// A Swift string literal with `\` and `"` escaped.
func swiftLiteral(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// The CPU time an exercise's tests get when graded: `factor` times the CPU time
/// the reference solution's tests used (measured by the grader before grading),
/// and at least `floor` seconds (default: the grader's `--timeout`). CPU time,
/// not wall-clock time, so a busy machine does not cost a student points.
public struct TimeLimit: Codable, Equatable, Sendable {
    public var factor: Double = 5
    public var floor: Double?

    public init(factor: Double = 5, floor: Double? = nil) {
        self.factor = factor
        self.floor = floor
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        factor = try container.decodeIfPresent(Double.self, forKey: .factor) ?? 5
        floor = try container.decodeIfPresent(Double.self, forKey: .floor)
    }

    var isValid: Bool { factor > 0 && factor.isFinite && (floor.map { $0 > 0 && $0.isFinite } ?? true) }

    /// CPU seconds for tests whose reference run used `reference` seconds.
    public func seconds(reference: Double, defaultFloor: Double) -> Double {
        max(floor ?? defaultFloor, factor * reference)
    }
}
