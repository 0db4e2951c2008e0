import FileIO
import Foundation
import Testing
@testable import CourseKit
@testable import Workbook

@Suite struct CourseTests {
    @Test func readsTheSampleCourseWithoutBuildingIt() throws {
        let course = try Course(root: sampleCourseSource)
        let unit = try course.unit("S01")
        #expect(unit.kind == .lesson)
        #expect(unit.exercises.map(\.id) == ["S01-E01", "S01-E02", "S01-E03"])
        #expect(unit.maxPoints == 10)
        let softmax = unit.exercises[2]
        #expect(softmax.file == "Lessons/S01/Exercises/E03_Softmax.swift")
        #expect(softmax.doc == "Docs/S01.md#s01-e03")
        #expect(softmax.suiteName == "S01_E03")
        #expect(CourseListing.text(course).contains("S01-E03   softmax      5"))
    }

    @Test func badManifestsAreReportedNotCrashed() throws {
        let root = try temporaryFolder("manifest")
        defer { try? FileManager.default.removeItem(at: root) }
        try write(
            [
                "Package.swift": "// swift-tools-version:6.0\n", "Lessons/M01/Exercises/E01.swift": "",
                "Lessons/M01/exercises.json": #"{"title": "x", "exercises": [{"id": "M01-E01", "title": "t"}]}"#,
            ], under: root)
        #expect(throws: CourseError.unreadableManifest(path: "Lessons/M01/exercises.json", reason: "missing \"points\" at exercises.[0]")) {
            try Course(root: root)
        }
        try write(
            [
                "Lessons/M01/exercises.json":
                    #"{"title": "x", "exercises": [{"id": "M1-E01", "title": "t", "points": 1, "file": "Exercises/E01.swift"}]}"#
            ], under: root)
        #expect(throws: CourseError.self) { try Course(root: root) }
        try write(
            [
                "Lessons/M01/exercises.json":
                    #"{"title": "x", "exercises": [{"id": "M01-E01", "title": "t", "points": 1, "file": "Exercises/Gone.swift"}]}"#
            ], under: root)
        #expect(throws: CourseError.badExercise(manifest: "Lessons/M01/exercises.json", reason: "M01-E01: Lessons/M01/Exercises/Gone.swift does not exist")) {
            try Course(root: root)
        }
    }

    @Test func unitsWithoutManifestAreListedWithoutExercises() throws {
        let root = try temporaryFolder("units")
        defer { try? FileManager.default.removeItem(at: root) }
        try write(["Package.swift": "", "Projects/P01/main.swift": "", "Lessons/notes/x.md": ""], under: root)
        let course = try Course(root: root)
        #expect(course.units.map(\.id) == ["P01"])
        #expect(course.units[0].kind == .project && course.exercises.isEmpty)
        #expect(throws: CourseError.unknownUnit("M09", known: ["P01"])) { try course.unit("M09") }
    }

    @Test func releaseIgnorePatterns() {
        let ignore = ReleaseIgnore(text: ".ci/\nscripts/grading/  # graders\nTests/*/Fixtures/*.py\nNOTES.md\n")
        #expect(ignore.ignores(".ci/"))
        #expect(ignore.ignores(".ci/run"))
        #expect(ignore.ignores("scripts/grading/x.sh"))
        #expect(!ignore.ignores("scripts/install-deps.sh"))
        #expect(ignore.ignores("Tests/NNTests/Fixtures/make.py"))
        #expect(!ignore.ignores("Tests/NNTests/Fixtures/data.json"))
        #expect(ignore.ignores("Docs/NOTES.md"))
        #expect(ignore.ignores(".releaseignore"))
    }

    @Test func docAnchorsFollowGitHubSlugs() {
        #expect(Validator.slug(" M01-E03") == "m01-e03")
        #expect(Validator.slug("S01-E01 dot product") == "s01-e01-dot-product")
    }

    @Test func everyExerciseSuiteMustWatchItsTwins() {
        let text = """
            @Suite(.exercise("M03-E08")) struct M03_E08 {}
            @Suite struct M03_E08_Hidden {}
            @Suite(.exercise("M03-E07"))
            struct M03_E07_Hidden {}
            @Suite(.exercise("M03-E07")) struct M03_E09 {}
            struct M03_E08Helper {}
            """
        let found = Validator.unwatchedSuites(in: text, exercises: ["M03-E07", "M03-E08", "M03-E09"])
        #expect(found.map(\.suite) == ["M03_E08_Hidden", "M03_E09"])
        #expect(found.map(\.exercise) == ["M03-E08", "M03-E09"])
    }

    @Test func aFailedRunWithoutFailingEventsIsExplainedByItsOutput() {
        let xctest =
            "Test Suite 'All tests' started\nTest Case 'ServerTests.testHealth' started\n"
            + "/x/ServerTests.swift:12: error: ServerTests.testHealth : XCTAssertEqual failed: (\"500\") is not equal to (\"200\")\n"
            + "Test Case 'ServerTests.testHealth' failed (0.1 seconds)\n"
        #expect(
            Validator.failureLines(in: xctest) == [
                "/x/ServerTests.swift:12: error: ServerTests.testHealth : XCTAssertEqual failed: (\"500\") is not equal to (\"200\")",
                "Test Case 'ServerTests.testHealth' failed (0.1 seconds)",
            ])
        #expect(Validator.failureLines(in: "a\nb\nc\nKilled\n") == ["b", "c", "Killed"])
    }

    @Test func csvQuotesAndRosterReadsNames() throws {
        #expect(CSV.line(["a", "b,c", "say \"hi\""]) == #"a,"b,c","say ""hi""""#)
        let roster = try Roster(csv: "student_id,last_name,first_name,email\nalice,Liddell,\"Alice, A.\",a@x.org\n")
        #expect(roster["alice"] == Roster.Student(lastName: "Liddell", firstName: "Alice, A.", email: "a@x.org"))
        #expect(roster["bob"] == Roster.Student())
        #expect(throws: GradingError.self) { try Roster(csv: "name\nx\n") }
    }
}
