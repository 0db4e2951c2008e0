import FileIO
import Foundation
import Testing
@testable import CourseKit
@testable import Workbook

/// Release, validate, self-check and grade the sample course with real
/// `swift build` / `swift test` runs. One instructor copy and one work folder
/// (build slots) are shared by every test here, so the package is built from
/// scratch only once per slot.
@Suite(.serialized, .courseLanguage(.english)) struct SampleCourseTests {
    /// The shared instructor edition and work folder, made on first use.
    final class Shared: @unchecked Sendable {
        static let instance = try! Shared()
        let base: URL
        let course: Course
        var work: URL { base.appendingPathComponent("work") }

        init() throws {
            // One folder per checkout, emptied on each run: leftovers of earlier runs never pile up.
            let checkout = sampleCourseSource.path.utf8.reduce(UInt64(5381)) { ($0 &* 33) &+ UInt64($1) }
            base = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-tests-sample-\(String(checkout, radix: 36))")
            try? FileManager.default.removeItem(at: base)
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            let root = base.appendingPathComponent("instructor")
            // Copying through a slot resolves the sample's link to ExerciseError.swift.
            try BuildSlot(path: root).sync(from: sampleCourseSource)
            course = try Course(root: root)
        }

        func grader(timeout: Double = 10, memoryMB: Int = 1024, jobs: Int = 1) throws -> Grader {
            var options = Grader.Options(workFolder: work)
            options.limits.testTimeout = timeout
            options.limits.memoryLimitMB = memoryMB
            options.jobs = jobs
            return try Grader(course: course, options: options)
        }
    }
    var shared: Shared { Shared.instance }

    @Test func releaseStripsSolutionsHiddenTestsAndInstructorFiles() throws {
        let out = shared.base.appendingPathComponent("release")
        let report = try StudentEdition(course: shared.course).write(to: out, force: false)
        #expect(report.solutionsStubbed == 4)
        #expect(report.hiddenTestFilesRemoved == 1 && report.hiddenTestRegionsRemoved == 1)
        let files = try PackageTree.files(under: out)
        #expect(!files.contains { $0.hasPrefix(".ci/") || $0 == ".releaseignore" })
        #expect(!files.contains { $0.contains("Hidden") })
        for file in files where file.hasSuffix(".swift") {
            let text = try read(out.appendingPathComponent(file))
            #expect(!text.contains("BEGIN SOLUTION") && !text.contains("HIDDEN TESTS") && !text.contains("_Hidden"), "\(file)")
            #expect(!text.contains("exp($0 - m)") && !text.contains("max(0, $0)"), "a solution is left in \(file)")
        }
        let softmax = try read(out.appendingPathComponent("Lessons/S01/Exercises/E03_Softmax.swift"))
        #expect(softmax.components(separatedBy: #"throw ExerciseError.notImplemented(id: "S01-E03", title: "softmax", doc: "Docs/S01.md#s01-e03")"#).count == 3)
        #expect(files.contains("Tests/VectorsTests/VectorTests.swift") && files.contains("Docs/S01.md"))
        // A second release into the same folder needs --force.
        #expect(throws: ReleaseError.outputNotEmpty(out.path)) {
            try StudentEdition(course: shared.course).write(to: out, force: false)
        }
        try StudentEdition(course: shared.course).write(to: out, force: true)
    }

    @Test func validateProvesTheCourse() throws {
        let report = try Validator(grader: try shared.grader()).run()
        #expect(report.problems == [])
        #expect(report.reference.map(\.score) == [2, 3, 5])
        #expect(report.student.map(\.score) == [0, 0, 0])
        #expect(report.student.allSatisfy { $0.status == .notStarted })
    }

    @Test func selfCheckShowsNotStartedThenPassed() throws {
        // The student's own check, in a copy of the student edition.
        let slot = BuildSlot(path: shared.work.appendingPathComponent("slot-0"))
        let edition = shared.base.appendingPathComponent("check-edition")
        try StudentEdition(course: shared.course).write(to: edition, force: true)
        var files = try StudentEdition(course: shared.course).files()
        files["Lessons/S01/Exercises/E02_Relu.swift"] = try Data(contentsOf: shared.course.root.appendingPathComponent("Lessons/S01/Exercises/E02_Relu.swift"))
        try slot.sync(from: edition, overlay: files.filter { $0.key.hasPrefix("Lessons/") })
        let check = SelfCheck(course: try Course(root: slot.path))
        guard case .results(let results) = try check.run("S01") else { Issue.record("the edition does not build"); return }
        #expect(results.map(\.statusWord) == ["not started", "passed", "not started"])
        let table = SelfCheck.table(try check.course.unit("S01"), results)
        #expect(table.contains("S01-E03   softmax      0/5     not started, see Docs/S01.md#s01-e03"))
        #expect(table.contains("Total: 3/10 points"))
    }

    @Test func gradingCostsEachSubmissionOnlyWhatItBreaks() throws {
        let subs = shared.base.appendingPathComponent("submissions")
        let edition = shared.base.appendingPathComponent("grade-edition")
        try StudentEdition(course: shared.course).write(to: edition, force: true)
        func submission(_ name: String, from source: URL, edits: [String: (String) -> String] = [:]) throws {
            let folder = subs.appendingPathComponent(name)
            try BuildSlot(path: folder).sync(from: source)
            for (file, edit) in edits {
                let url = folder.appendingPathComponent(file)
                let before = try read(url)
                let after = edit(before)
                #expect(after != before, "the edit of \(file) for \(name) changed nothing")
                try after.write(to: url, atomically: true, encoding: .utf8)
            }
        }
        let e01 = "Lessons/S01/Exercises/E01_Dot.swift", e02 = "Lessons/S01/Exercises/E02_Relu.swift"
        let e03 = "Lessons/S01/Exercises/E03_Softmax.swift"
        let reference = shared.course.root
        func replace(_ old: String, _ new: String) -> (String) -> String { { $0.replacingOccurrences(of: old, with: new) } }

        try submission("perfect", from: reference)
        let zip = subs.appendingPathComponent("perfect.zip")
        let zipped = try ChildProcess(["zip", "-qr", zip.path, "perfect"], in: subs).run()
        try #require(zipped.succeeded, "zip: \(zipped.output)")
        try FileManager.default.removeItem(at: subs.appendingPathComponent("perfect"))
        try submission("empty", from: edition)
        try submission(
            "loops", from: reference,
            edits: [e02: replace("Vector(x.values.map { max(0, $0) })", "var i = 0\n    while i >= 0 { i = (i + 1) % 7 }\n    return x")])
        try submission(
            "broken", from: reference,
            edits: [
                e02: replace("max(0, $0) })", "max(0, $0) }) +"),  // a syntax error
                e01: replace("_ b: Vector) throws", "_ b: Vector, _ c: Int) throws"),  // the tests no longer compile
            ])
        // Partial credit: S01-E03 gives points per test, and only the hidden one fails.
        try submission("unstable", from: reference, edits: [e03: replace("let m = x.values.max() ?? 0", "let m = 0.0")])
        try submission("crashes", from: reference, edits: [e03: replace("let m = x.values.max() ?? 0", "let m = x.values[x.values.count + 3]")])
        try submission(
            "hog", from: reference,
            edits: [
                e01: replace(
                    "var total = 0.0",
                    "var hog: [[Double]] = []\n    for _ in 0..<100 { hog.append([Double](repeating: 1, count: 100_000_000)) }\n    var total = Double(hog.count) - 100"
                )
            ])
        let stubbedTests = "{ #expect(Bool(true)) }"
        try submission(
            "edits-tests", from: edition,
            edits: [
                "Tests/S01Tests/E01_DotTests.swift": replace(
                    "{\n        try checkClose([try dot(Vector([1, 2, 3]), Vector([4, 5, 6]))], [32], \"dot\")\n    }", stubbedTests),
                "Tests/S01Tests/E02_ReluTests.swift": replace(
                    "{\n        try checkClose(try relu(Vector([-2, 0, 3])).values, [0, 0, 3], \"relu\")\n    }", stubbedTests),
                e03: { _ in "import Vectors\nfunc softmax(_ x: Vector) throws -> Vector { x }\nfunc predictedClass(_ logits: Vector) throws -> Int { 0 }\n" },
            ])

        let book = shared.base.appendingPathComponent("gradebook")
        let names = ["perfect.zip", "empty", "loops", "broken", "crashes", "hog", "edits-tests", "unstable"]
        let start = Date()
        let grades = try shared.grader(timeout: 3, memoryMB: 1024, jobs: 2)
            .grade(names.map { subs.appendingPathComponent($0) }, output: book)
        let seconds = Date().timeIntervalSince(start)
        let scores = Dictionary(uniqueKeysWithValues: grades.map { ($0.studentID, $0.score) })
        #expect(
            scores == ["perfect": 10, "empty": 0, "loops": 7, "broken": 5, "crashes": 5, "hog": 8, "edits-tests": 0, "unstable": 8],
            "graded in \(Int(seconds)) s")

        func status(_ student: String, _ id: String) -> ExerciseResult.Status? {
            grades.first { $0.studentID == student }?.result(id)?.status
        }
        #expect(status("loops", "S01-E02") == .cpuTimeExceeded(seconds: 3, test: "clampsNegatives()"))
        guard case .compileError(let syntax) = status("broken", "S01-E02"),
            case .compileError(let signature) = status("broken", "S01-E01")
        else {
            Issue.record("broken: \(String(describing: status("broken", "S01-E02")))"); return
        }
        #expect(syntax.hasPrefix("Lessons/S01/Exercises/E02_Relu.swift:"))
        #expect(signature.hasPrefix("the instructor's tests do not compile with it"))
        guard case .crashed(let crash) = status("crashes", "S01-E03"), case .crashed(let hog) = status("hog", "S01-E01") else {
            Issue.record("crash statuses: \(String(describing: status("crashes", "S01-E03"))), \(String(describing: status("hog", "S01-E01")))"); return
        }
        #expect(crash.contains("Index out of range"))
        #expect(hog.hasPrefix("ran out of memory"))
        #expect(status("edits-tests", "S01-E01") == .notStarted)
        guard case .failed(let test, let message) = status("edits-tests", "S01-E03") else {
            Issue.record("edits-tests S01-E03: \(String(describing: status("edits-tests", "S01-E03")))"); return
        }
        #expect(test == "sumsToOne()" && message.hasPrefix("Caught error: the sum: 1 of 1 elements differ"), "\(message)")

        // The gradebook: nbgrader's CSV, Markdown feedback and Gradescope JSON for everyone.
        let csv = CSV.records(in: try read(book.appendingPathComponent("grades.csv"))).map(\.fields)
        #expect(csv[0] == Gradebook.csvColumns)
        #expect(
            csv.dropFirst().map { [$0[0], $0[3], $0[7], $0[10]] }.sorted { $0[1] < $1[1] } == [
                ["S01", "broken", "5", "10"], ["S01", "crashes", "5", "10"], ["S01", "edits-tests", "0", "10"], ["S01", "empty", "0", "10"],
                ["S01", "hog", "8", "10"], ["S01", "loops", "7", "10"], ["S01", "perfect", "10", "10"], ["S01", "unstable", "8", "10"],
            ])
        for name in scores.keys {
            let feedback = try read(book.appendingPathComponent("feedback/\(name).md"))
            #expect(feedback.contains("Total: **\(Gradebook.format(scores[name]!)) / 10**"))
            #expect(!feedback.contains("1000, 1000"), "feedback of \(name) shows a hidden test's source")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: book.appendingPathComponent("results/\(name)/results.json"))) as? [String: Any]
            let tests = json?["tests"] as? [[String: Any]] ?? []
            #expect(json?["score"] as? Double == scores[name])
            #expect(tests.map { $0["max_score"] as? Double } == [2, 3, 5])
            #expect(!String(describing: json).contains("1000, 1000"))
        }
        #expect(
            try read(book.appendingPathComponent("feedback/unstable.md")).contains(
                "hidden test `isStableForLargeLogits()`: failed (0/2 points): large logits: 2 of 2 values differ from the reference"))
        #expect(
            try read(book.appendingPathComponent("feedback/edits-tests.md")).contains(
                "hidden test `isStableForLargeLogits()`: failed (0/2 points): large logits: 2 of 2 values differ from the reference; the largest difference is 999.5"
            ))

        // Graded alone, one after another in one slot, the submissions that depend most on
        // time and memory score exactly as they did graded two at a time.
        let alone = ["perfect.zip", "loops", "crashes", "hog", "unstable"]
        let solo = try shared.grader(timeout: 3, memoryMB: 1024, jobs: 1).grade(
            alone.map { subs.appendingPathComponent($0) },
            output: shared.base.appendingPathComponent("gradebook-alone"))
        for grade in solo {
            let together = grades.first { $0.studentID == grade.studentID }
            #expect(grade.results.map(\.score) == together?.results.map(\.score), "\(grade.studentID): alone and with --jobs 2")
            #expect(grade.results.map(\.statusWord) == together?.results.map(\.statusWord), "\(grade.studentID)")
        }
        #expect(solo.count == alone.count)
    }
}
