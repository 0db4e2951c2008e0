import Foundation
import Testing
@testable import CourseKit
@testable import Workbook

/// The grader's checker: verdicts from recorded outputs compared with the
/// reference run's, never from what the submission's process reports.
@Suite(.courseLanguage(.english)) struct ReferenceCheckerTests {
    let exercise = sampleExercise()
    let pub = "M01Tests.M01_E03/sums()/E03_Tests.swift:3:4"
    let hidden = "M01Tests.M01_E03_Hidden/edge()/E03_HiddenTests.swift:3:4"

    func record(
        _ test: String, _ label: String, _ kind: CheckRecord.Kind = .close, got: [Double], expected: [Double] = [],
        rtol: Double = 1e-5, atol: Double = 1e-8
    ) -> CheckRecord {
        CheckRecord(test: CheckRecord.testKey(testID: test), label: label, kind: kind, got: got, expected: expected, rtol: rtol, atol: atol)
    }

    /// A run whose events say every test passed, with `records` as its outputs.
    func passedRun(_ tests: [String], records: [CheckRecord]) -> SwiftPackage.TestRun {
        let outcomes = tests.map { id in
            TestOutcome(id: id, name: String(id.split(separator: "/")[1]), started: true, finished: true)
        }
        return SwiftPackage.TestRun(
            process: ChildProcess.Result(termination: .exited(0), output: "", duration: 1, cpuTime: 1),
            outcomes: outcomes, records: records)
    }

    var references: [CheckRecord] {
        [
            record(pub, "softmax", got: [0.2, 0.8], expected: [0.2, 0.8]),
            record(hidden, "∂L/∂x", .gradient, got: [1, 2, 3], expected: [1, 2, 3], rtol: 1e-7),
            record(hidden, "accuracy", .atLeast, got: [0.97], expected: [0.9]),
        ]
    }

    @Test func testKeysOfChecksAndOfEventsAgree() {
        #expect(CheckRecord.testKey(file: "M01Tests/E03_HiddenTests.swift", function: "edge()") == CheckRecord.testKey(testID: hidden))
        #expect(CheckRecord.testKey(testID: "M01Tests.M01_E02_Hidden/backward(_:)/E02_HiddenTests.swift:9:6") == "E02_HiddenTests.swift/backward(_:)")
    }

    @Test func matchingOutputsPassAndMissesSayByHowMuch() throws {
        let checker = ReferenceChecker(references: references)
        let honest = [
            record(pub, "softmax", got: [0.2, 0.8 + 1e-9]), record(hidden, "∂L/∂x", got: [1, 2, 3 + 1e-12]),
            record(hidden, "accuracy", got: [0.95]),
        ]
        #expect(checker.failure(of: CheckRecord.testKey(testID: pub), outputs: honest) == nil)
        #expect(checker.failure(of: CheckRecord.testKey(testID: hidden), outputs: honest) == nil)

        let wrong = [
            record(pub, "softmax", got: [0.5, 0.5]), record(hidden, "∂L/∂x", got: [1, 2, 4]),
            record(hidden, "accuracy", got: [0.95]),
        ]
        #expect(
            checker.failure(of: CheckRecord.testKey(testID: pub), outputs: wrong)
                == "softmax: 2 of 2 values differ from the reference; the largest difference is 0.3 (allowed: atol 1e-08 + rtol 1e-05 × |reference|)")
        #expect(
            checker.failure(of: CheckRecord.testKey(testID: hidden), outputs: wrong)
                == "∂L/∂x: relative error 0.142857 from the reference, allowed 1e-07")
        let slow = [record(hidden, "∂L/∂x", got: [1, 2, 3]), record(hidden, "accuracy", got: [0.5])]
        #expect(checker.failure(of: CheckRecord.testKey(testID: hidden), outputs: slow) == "accuracy: 0.5 is below the required 0.9")
        #expect(
            checker.failure(of: CheckRecord.testKey(testID: hidden), outputs: [record(hidden, "∂L/∂x", got: [1, 2, 3])])
                == "accuracy was not computed (the test stopped before it)")
    }

    @Test func theReferenceDecidesTolerancesAndExpectedValues() {
        // A submission that records its own huge tolerance and its own expected values changes nothing.
        let checker = ReferenceChecker(references: references)
        let lying = [record(pub, "softmax", got: [0.5, 0.5], expected: [0.5, 0.5], rtol: 1e9, atol: 1e9)]
        #expect(checker.failure(of: CheckRecord.testKey(testID: pub), outputs: lying) != nil)
    }

    @Test func forgedPassesWithoutOutputsScoreZero() {
        var partial = exercise
        partial.checks = ["sums()": 1, "edge()": 2]
        let checker = ReferenceChecker(references: references)
        let expected: Set = [pub, hidden]
        let forged = ExerciseResult(exercise: partial, run: passedRun([pub, hidden], records: []), expectedTests: expected, checker: checker)
        #expect(forged.score == 0 && forged.statusWord == "failed")
        #expect(
            forged.summary == "failed: edge(): softmax was not computed (the test stopped before it)"
                || forged.summary.hasSuffix("was not computed (the test stopped before it)"), "\(forged.summary)")
        // Exits 0 having reported nothing: the tests it left out failed.
        let silent = ExerciseResult(exercise: partial, run: passedRun([], records: []), expectedTests: expected, checker: checker)
        #expect(silent.score == 0 && silent.tests.count == 2)
        // Honest outputs with the same events score every point.
        let honest = [record(pub, "softmax", got: [0.2, 0.8]), record(hidden, "∂L/∂x", got: [1, 2, 3]), record(hidden, "accuracy", got: [0.93])]
        #expect(ExerciseResult(exercise: partial, run: passedRun([pub, hidden], records: honest), expectedTests: expected, checker: checker).score == 3)
        // Half right: the points of the test whose outputs match.
        let half = [record(pub, "softmax", got: [0.2, 0.8]), record(hidden, "∂L/∂x", got: [3, 2, 1]), record(hidden, "accuracy", got: [0.93])]
        let result = ExerciseResult(exercise: partial, run: passedRun([pub, hidden], records: half), expectedTests: expected, checker: checker)
        #expect(result.score == 1)
        #expect(result.summary == "failed: edge(): ∂L/∂x: relative error 0.5 from the reference, allowed 1e-07")
    }

    @Test func nonFiniteOutputsAreRecordedAndMiss() throws {
        let file = try temporaryFolder("records").appendingPathComponent("records.jsonl")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let overflowed = record(pub, "softmax", got: [.nan, .infinity])
        let line = try #require(CheckRecorder.encoded(overflowed))
        try (line + Data("\nnot json\n".utf8)).write(to: file)
        let read = CheckRecorder.records(fromJSONLines: try Data(contentsOf: file))
        #expect(read.count == 1 && read[0].got[0].isNaN && read[0].got[1] == .infinity)
        #expect(
            ReferenceChecker(references: references).failure(of: CheckRecord.testKey(testID: pub), outputs: read)?
                .hasPrefix("softmax: 2 of 2 values differ from the reference") == true)
    }
}

/// Solution lines shipped elsewhere in the student edition.
@Suite struct SolutionLeaksTests {
    @Test func aSolutionLineInALibraryFileIsFound() throws {
        let root = try temporaryFolder("leaks")
        defer { try? FileManager.default.removeItem(at: root) }
        try BuildSlot(path: root).sync(from: sampleCourseSource)
        let course = try Course(root: root)
        var files = try StudentEdition(course: course).files()
        files["Sources/Vectors/Helpers.swift"] = Data(
            "func helper(_ x: Vector) -> Double {\n    let m = x.values.max() ?? 0 // the same\n    return m\n}\n".utf8)
        var leaks = SolutionLeaks(course: course)
        leaks.minimumLength = 20
        #expect(
            try leaks.find(in: files) == [
                SolutionLeaks.Leak(
                    exercise: "S01-E03", line: "let m = x.values.max() ?? 0",
                    file: "Sources/Vectors/Helpers.swift", lineNumber: 2)
            ])
    }

    /// The course itself: no solution line is shipped in the student edition beyond
    /// those `.shared-solution-lines` accepts (M03-E07's head split and merge and
    /// M03-E09/E10's decoders were, until the library stopped exporting them).
    static let courseRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The student edition has no solutions to look for (and no `.releaseignore`).
    static let isInstructorEdition = FileManager.default.fileExists(atPath: courseRoot.appendingPathComponent(".releaseignore").path)

    @Test(.enabled(if: isInstructorEdition)) func theCourseShipsNoSolutionLine() throws {
        let root = Self.courseRoot
        let course = try Course(root: root)
        let leaks = try SolutionLeaks(course: course).find(in: StudentEdition(course: course).files())
        #expect(leaks == [], "\(leaks.map(\.description).joined(separator: "\n"))")
        let shipped = try StudentEdition(course: course).files().keys
        #expect(!shipped.contains("Docs/Instructors.md") && !shipped.contains("Docs/zh/Instructors.md") && !shipped.contains(SolutionLeaks.allowedFile))
        // The shared pages keep no link to the instructor's guide (files() throws on one).
        let readme = try #require(try StudentEdition(course: course).files()["README.md"])
        #expect(!String(decoding: readme, as: UTF8.self).contains("Instructors.md"))
    }
}
