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
    /// One JSON line of the stream: the fields read here, all others ignored.
    private struct Record: Decodable {
        let kind: String
        let payload: Payload

        /// Every field is optional and read on its own: a field of an unexpected shape is
        /// ignored and never costs the record (an issue must not get lost).
        struct Payload: Decodable {
            var id: String?, kind: String?, name: String?, testID: String?
            var isKnownIssue = false
            var messages: [String] = []
            var comments: [String] = []

            private enum CodingKeys: String, CodingKey { case id, kind, name, testID, issue, messages, comments = "_comments" }
            private struct Issue: Decodable { let isKnown: Bool? }
            private struct Message: Decodable { let text: String? }
            /// A comment is a string, or `{"rawValue": ...}` in some toolchains; anything else is nil.
            private struct Comment: Decodable {
                let text: String?
                init(from decoder: Decoder) throws {
                    struct Raw: Decodable { let rawValue: String }
                    text = (try? decoder.singleValueContainer().decode(String.self)) ?? (try? Raw(from: decoder))?.rawValue
                }
            }

            init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                func field<T: Decodable>(_ key: CodingKeys, as type: T.Type = T.self) -> T? {
                    (try? c.decodeIfPresent(type, forKey: key)) ?? nil
                }
                (id, kind, name, testID) = (field(.id), field(.kind), field(.name), field(.testID))
                isKnownIssue = field(.issue, as: Issue.self)?.isKnown == true
                messages = field(.messages, as: [Message].self)?.compactMap(\.text) ?? []
                comments = field(.comments, as: [Comment].self)?.compactMap(\.text) ?? []
            }
        }
    }

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
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = try? decoder.decode(Record.self, from: Data(line)) else { continue }
            let payload = record.payload
            if record.kind == "test" {
                guard let id = payload.id else { continue }
                if payload.kind == "suite" { suites.insert(id); continue }
                tests[id] = outcome(id, name: payload.name)
                continue
            }
            guard record.kind == "event", let event = payload.kind, let testID = payload.testID else { continue }
            // Issues of a suite (its init threw, ...) count as a test of their own.
            if suites.contains(testID) && event != "issueRecorded" { continue }
            var test = outcome(testID)
            switch event {
            case "testStarted": test.started = true
            case "testEnded": test.finished = true
            case "testSkipped": tests[testID] = nil; order.removeAll { $0 == testID }; continue
            case "issueRecorded":
                if payload.isKnownIssue { continue }
                test.issues.append(TestIssue(text: payload.messages.first ?? "issue recorded", comments: payload.comments))
                if suites.contains(testID) { test.started = true; test.finished = true }
            default: break
            }
            tests[testID] = test
        }
        return order.compactMap { tests[$0] }
    }
}
