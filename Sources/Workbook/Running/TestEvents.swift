import Foundation

/// What one test function did, read from Swift Testing's JSON event stream.
public struct TestOutcome: Codable, Equatable, Sendable {
    /// `M01Tests.M01_E03/sumsToOne()/E03_SoftmaxTests.swift:6:6`
    public let id: String
    /// `sumsToOne()`
    public let name: String
    public var started = false
    public var finished = false
    public var issues: [TestIssue] = []

    public var passed: Bool { finished && issues.isEmpty }
    public var isHidden: Bool { Exercise.isHidden(testID: id) }
    /// The suite part of the id: `M01Tests.M01_E03`.
    public var suite: String { String(id.split(separator: "/", maxSplits: 1).first ?? Substring(id)) }
    /// Failed only because the exercise still throws `ExerciseError.notImplemented`.
    public var failedAsNotImplemented: Bool {
        !issues.isEmpty && issues.allSatisfy { $0.text.contains(ExerciseError.notImplementedPhrase) }
    }
}

extension TestOutcome {
    /// A test the reference run reported that this run did not.
    static func didNotRun(_ id: String) -> TestOutcome {
        let name = id.split(separator: "/").dropFirst().first.map(String.init) ?? id
        return TestOutcome(id: id, name: name, issues: [TestIssue(text: Messages().testDidNotRun, comments: [], fromChecker: true)])
    }

    /// This outcome with the checker's verdict on its recorded outputs: a mismatch
    /// fails it (a hidden test then shows only the checker's message). A test that
    /// failed as not implemented is left as it is.
    func checked(by checker: ReferenceChecker, outputs: [CheckRecord]) -> TestOutcome {
        let key = CheckRecord.testKey(testID: id)
        guard checker.covers(key), !failedAsNotImplemented else { return self }
        var outcome = self
        if let failure = checker.failure(of: key, outputs: outputs) {
            let issue = TestIssue(text: failure, comments: [], fromChecker: true)
            outcome.issues = isHidden ? [issue] : issues + [issue]
        }
        return outcome
    }
}

/// One recorded issue: an `#expect` that failed, an error a test threw, ...
public struct TestIssue: Codable, Equatable, Sendable {
    /// Swift Testing's message: `Expectation failed: ...` or `Caught error: ...`.
    public let text: String
    /// The comments passed to `#expect(..., "comment")`.
    public let comments: [String]
    /// Written by the grader (its checker, a test that did not run), not read from the run.
    /// Optional so that results written before it existed still decode.
    private var writtenByGrader: Bool?
    public var fromChecker: Bool { writtenByGrader == true }

    public init(text: String, comments: [String], fromChecker: Bool = false) {
        self.text = text
        self.comments = comments
        self.writtenByGrader = fromChecker ? true : nil
    }

    /// A thrown error (a `CheckFailure`, an `ExerciseError`) rather than an `#expect`.
    public var isThrownError: Bool { text.hasPrefix("Caught error:") }

    /// What a student may read about an issue of a hidden test: the checker's
    /// words, or the author's comments; never the source of the expectation nor
    /// text the code under test produced (an error's message, ...).
    public var hiddenTestSummary: String {
        if fromChecker { return text }
        return ([isThrownError ? "an error was thrown" : "an expectation failed"] + comments).joined(separator: ": ")
    }

    /// The message with the author's comments.
    public var fullText: String { ([text] + comments).joined(separator: " — ") }
}

/// Reads the event stream of `swift test --event-stream-output-path P --event-stream-version 0`.
enum TestEventStream {
    static func outcomes(fromJSONLines data: Data) -> [TestOutcome] {
        var order: [String] = []
        var tests: [String: TestOutcome] = [:]
        var suites = Set<String>()
        func outcome(_ id: String, name: String? = nil) -> TestOutcome {
            if let existing = tests[id] { return existing }
            order.append(id)
            let fallback = id.split(separator: "/").dropFirst().first.map(String.init) ?? id
            return TestOutcome(id: id, name: name ?? fallback)
        }
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                  let kind = record["kind"] as? String,
                  let payload = record["payload"] as? [String: Any] else { continue }
            if kind == "test" {
                guard let id = payload["id"] as? String else { continue }
                if payload["kind"] as? String == "suite" { suites.insert(id); continue }
                tests[id] = outcome(id, name: payload["name"] as? String)
                continue
            }
            guard kind == "event", let event = payload["kind"] as? String,
                  let testID = payload["testID"] as? String else { continue }
            // Issues of a suite (its init threw, ...) count as a test of their own.
            if suites.contains(testID) && event != "issueRecorded" { continue }
            var test = outcome(testID)
            switch event {
            case "testStarted": test.started = true
            case "testEnded": test.finished = true
            case "testSkipped": tests[testID] = nil; order.removeAll { $0 == testID }; continue
            case "issueRecorded":
                if let issue = payload["issue"] as? [String: Any], issue["isKnown"] as? Bool == true { continue }
                let messages = payload["messages"] as? [[String: Any]] ?? []
                let text = messages.first.flatMap { $0["text"] as? String } ?? "issue recorded"
                let comments = (payload["_comments"] as? [Any] ?? []).compactMap { comment -> String? in
                    (comment as? String) ?? ((comment as? [String: Any])?["rawValue"] as? String)
                }
                test.issues.append(TestIssue(text: text, comments: comments))
                if suites.contains(testID) { test.started = true; test.finished = true }
            default: break
            }
            tests[testID] = test
        }
        return order.compactMap { tests[$0] }
    }
}
