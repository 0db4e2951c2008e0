import Foundation
import Testing
@testable import CourseKit
@testable import Workbook

/// Results read from Swift Testing event streams written by hand in its format.
@Suite(.courseLanguage(.english)) struct TestEventsTests {
    let exercise = sampleExercise()

    func stream(_ lines: [String]) -> Data { Data(lines.joined(separator: "\n").utf8) }

    func declare(_ id: String, name: String) -> String {
        #"{"kind":"test","payload":{"id":"\#(id)","kind":"function","name":"\#(name)"},"version":0}"#
    }
    func event(_ kind: String, _ id: String) -> String {
        #"{"kind":"event","payload":{"kind":"\#(kind)","testID":"\#(id)"},"version":0}"#
    }
    func issue(_ id: String, _ text: String, comment: String? = nil) -> String {
        let comments = comment.map { #"[{"rawValue":"\#($0)"}]"# } ?? "[]"
        return
            #"{"kind":"event","payload":{"kind":"issueRecorded","_comments":\#(comments),"issue":{"isKnown":false},"messages":[{"symbol":"fail","text":"\#(text)"}],"testID":"\#(id)"},"version":0}"#
    }

    func run(_ lines: [String], _ termination: ChildProcess.Termination = .exited(1), output: String = "") -> SwiftPackage.TestRun {
        SwiftPackage.TestRun(
            process: ChildProcess.Result(termination: termination, output: output, duration: 1, cpuTime: 1),
            outcomes: TestEventStream.outcomes(fromJSONLines: stream(lines)))
    }

    let pub = "M01Tests.M01_E03/sums()/T.swift:3:4"
    let hidden = "M01Tests.M01_E03_Hidden/edge()/H.swift:3:4"

    @Test func passingTestsPassTheExercise() {
        let result = ExerciseResult(
            exercise: exercise,
            run: run(
                [
                    declare(pub, name: "sums()"), event("testStarted", pub), event("testEnded", pub),
                ], .exited(0)))
        #expect(result.status == .passed)
        #expect(result.score == 3)
    }

    @Test func stubErrorsMeanNotStarted() {
        let result = ExerciseResult(
            exercise: exercise,
            run: run([
                declare(pub, name: "sums()"), event("testStarted", pub),
                issue(pub, "Caught error: \(exercise.notImplementedMessage)"), event("testEnded", pub),
            ]))
        #expect(result.status == .notStarted)
        #expect(result.score == 0)
    }

    @Test func hiddenFailuresShowTheErrorButNotTheExpectation() {
        let result = ExerciseResult(
            exercise: exercise,
            run: run([
                declare(pub, name: "sums()"), event("testStarted", pub), event("testEnded", pub),
                declare(hidden, name: "edge()"), event("testStarted", hidden),
                issue(hidden, "Expectation failed: softmax(secretInput) == 42", comment: "large logits"),
                event("testEnded", hidden),
            ]))
        #expect(result.status == .failed(test: "edge()", message: "an expectation failed: large logits"))
        let feedback = Feedback.testLines(result).joined(separator: "\n")
        #expect(feedback.contains("hidden test `edge()`: failed"))
        #expect(!feedback.contains("secretInput"))
    }

    @Test func anIssueWithFieldsOfOddShapesIsStillAnIssue() {
        // Comments as plain strings and as objects without rawValue, a number where a name
        // should be, no message text: the issue counts, with what can be read of it.
        let odd =
            #"{"kind":"event","payload":{"kind":"issueRecorded","_comments":["plain",{"other":1}],"issue":{"isKnown":"no"},"messages":[{"symbol":"fail"}],"testID":"\#(pub)","name":7},"version":0}"#
        let result = ExerciseResult(
            exercise: exercise,
            run: run([
                declare(pub, name: "sums()"), event("testStarted", pub), odd, event("testEnded", pub), "not json", "{}",
            ]))
        #expect(result.status == .failed(test: "sums()", message: "issue recorded — plain"))
        let outcomes = TestEventStream.outcomes(fromJSONLines: stream([declare(pub, name: "sums()"), odd]))
        #expect(outcomes.first?.issues.first?.comments == ["plain"])
    }

    @Test func publicFailuresShowTheirMessage() {
        let result = ExerciseResult(
            exercise: exercise,
            run: run([
                declare(pub, name: "sums()"), event("testStarted", pub),
                issue(pub, "Caught error: softmax: 1 of 6 elements differ"), event("testEnded", pub),
            ]))
        #expect(result.status == .failed(test: "sums()", message: "Caught error: softmax: 1 of 6 elements differ"))
    }

    @Test func timeoutsAndCrashesNameTheRunningTest() {
        let started = [declare(pub, name: "sums()"), event("testStarted", pub)]
        #expect(ExerciseResult(exercise: exercise, run: run(started, .timedOut(5))).status == .timedOut(seconds: 5, test: "sums()"))
        let crash = ExerciseResult(
            exercise: exercise,
            run: run(
                started, .exited(1),
                output: "S01/E03.swift:9: Fatal error: Index out of range\n"))
        #expect(crash.status == .crashed("the test process exited with status 1: Fatal error: Index out of range (in sums())"))
        let oom = ExerciseResult(
            exercise: exercise,
            run: run(
                started, .signalled(6),
                output: "Fatal error: failed to allocate 800000032 bytes of memory\n"))
        #expect(oom.summary.hasPrefix("ran out of memory"))
    }

    @Test func noMatchingTestsIsAnAuthoringError() {
        #expect(ExerciseResult(exercise: exercise, run: run([], .exited(0))).status == .noTests)
    }
}
