import Foundation
import Testing
@testable import CourseKit
@testable import Workbook

/// Submissions written to cheat, graded together with honest ones: each is
/// contained, scored as it should be, leaves nothing running, changes nothing
/// outside its scratch folder and reads no hidden test or reference solution.
/// They need the sandbox (bubblewrap); where it cannot run they are skipped.
extension SampleCourseTests {
    static let sandboxWorks = Sandbox.detect().isSandboxed

    @Test(.enabled(if: sandboxWorks, "needs bubblewrap (apt-get install bubblewrap)"))
    func hostileSubmissionsAreContained() throws {
        let subs = shared.base.appendingPathComponent("hostile")
        let book = shared.base.appendingPathComponent("hostile-gradebook")
        try? FileManager.default.removeItem(at: subs)
        try? FileManager.default.removeItem(at: book)
        let instructor = shared.course.root
        let marker = "hostile-\(UUID().uuidString.prefix(8))"
        let e01 = "Lessons/S01/Exercises/E01_Dot.swift", e02 = "Lessons/S01/Exercises/E02_Relu.swift"
        let e03 = "Lessons/S01/Exercises/E03_Softmax.swift"

        /// A copy of the reference solutions with some exercise files replaced.
        func submission(_ name: String, replacing files: [String: String] = [:]) throws {
            let folder = subs.appendingPathComponent(name)
            try BuildSlot(path: folder).sync(from: instructor)
            try write(files, under: folder)
        }
        let dot = "var total = 0.0\n    for i in 0..<a.count { total += a.values[i] * b.values[i] }\n    return total"
        try submission("victim")
        try submission("reader", replacing: [e01: Attack.reader(instructor: instructor, dot: dot)])
        try submission(
            "writer", replacing: [e02: Attack.writer(instructor: instructor, book: book, victim: subs.appendingPathComponent("victim"), marker: marker)])
        try submission("forger", replacing: [e03: Attack.forger(reporting: ["S01Tests.S01_E03/forgedTestPassed()/E03_SoftmaxTests.swift:99:6"])])
        try submission("impostor", replacing: [e03: Attack.forger(reporting: try Self.testIDs(of: "S01_E03", in: instructor))])
        try submission("sleepers", replacing: [e02: Attack.sleepers(marker: marker)])
        try submission(
            "sleepy",
            replacing: [
                e01:
                    "import Foundation\nimport Vectors\nfunc dot(_ a: Vector, _ b: Vector) throws -> Double {\n    Thread.sleep(forTimeInterval: 4)\n    \(dot)\n}\n"
            ])
        // `Lessons` is a link to the instructor's lessons.
        let linker = subs.appendingPathComponent("linker")
        try FileManager.default.createDirectory(at: linker, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: linker.appendingPathComponent("Lessons"), withDestinationURL: instructor.appendingPathComponent("Lessons"))
        // An empty zip: the end-of-central-directory record alone.
        try Data([0x50, 0x4b, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)).write(to: subs.appendingPathComponent("empty.zip"))

        let guarded = [instructor, subs.appendingPathComponent("victim")]
        let before = try guarded.map(Self.checksums)
        let grades = try shared.grader(timeout: 3, memoryMB: 1024, jobs: 2)
            .grade(
                ["victim", "reader", "writer", "forger", "impostor", "sleepers", "sleepy", "linker", "empty.zip"].map { subs.appendingPathComponent($0) },
                output: book)
        // The writer's `setsid` child would append to grades.csv two seconds in.
        Thread.sleep(forTimeInterval: 3)

        let scores = Dictionary(uniqueKeysWithValues: grades.map { ($0.studentID, $0.score) })
        #expect(scores == ["victim": 10, "reader": 10, "writer": 10, "forger": 5, "impostor": 5, "sleepers": 10, "sleepy": 10, "linker": 0, "empty": 0])
        func grade(_ id: String) -> SubmissionGrade? { grades.first { $0.studentID == id } }
        #expect(grade("linker")?.notes.contains { $0.contains("Lessons is a link") } == true, "\(grade("linker")?.notes ?? [])")
        #expect(grade("empty")?.results.allSatisfy { $0.statusWord == "not graded" } == true)
        #expect(grade("forger")?.result("S01-E03")?.status == .tampered)
        // Real test names, reported passed, but no outputs for the checker: every check fails.
        let impostor = grade("impostor")?.result("S01-E03")
        #expect(
            impostor?.statusWord == "failed" && impostor?.tests.count == 3 && impostor?.tests.allSatisfy { !$0.passed } == true,
            "\(String(describing: impostor))")
        #expect(grade("victim")?.notes.first?.hasPrefix("sandboxed") == true)

        #expect(try guarded.map(Self.checksums) == before, "a submission changed the instructor's tree or another submission")
        let survivors = ChildProcess.parentTable().keys.filter { pid in
            ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "").contains(marker)
        }
        #expect(survivors.isEmpty, "processes left running: \(survivors)")
        for name in scores.keys {
            for file in ["feedback/\(name).md", "results/\(name)/results.json"] {
                let text = try read(book.appendingPathComponent(file))
                #expect(!text.contains(marker), "\(file) was written by a submission")
                #expect(!text.contains("1000, 1000") && !text.contains("exp($0 - m)"), "\(file) leaks a hidden test or a solution")
                #expect(!text.contains("forgedTestPassed"), "\(file) names a made-up test")
            }
        }
        #expect(!(try read(book.appendingPathComponent("grades.csv"))).contains(marker))
    }

    @Test func unsandboxedGradingSaysSoInEveryReport() throws {
        let subs = shared.base.appendingPathComponent("unsandboxed")
        try BuildSlot(path: subs.appendingPathComponent("plain")).sync(from: shared.course.root)
        let book = shared.base.appendingPathComponent("unsandboxed-gradebook")
        var options = try shared.grader().options
        options.sandbox = Sandbox(kind: .unsandboxed(reason: "chosen by the test"))
        let grades = try Grader(course: shared.course, options: options).grade([subs.appendingPathComponent("plain")], output: book)
        #expect(grades.map(\.score) == [10])
        #expect(try read(book.appendingPathComponent("feedback/plain.md")).contains("UNSANDBOXED"))
        #expect(try read(book.appendingPathComponent("results/plain/results.json")).contains("UNSANDBOXED"))

        // Resumed, an unchanged submission is not graded again.
        options.resume = true
        let lines = Collected<String>()
        let again = try Grader(course: shared.course, options: options).grade([subs.appendingPathComponent("plain")], output: book) {
            lines.append($0)
        }
        #expect(again.map(\.score) == [10])
        #expect(lines.items.contains("plain: already graded, kept") && !lines.items.contains { $0.hasPrefix("grading plain") })

        // Gradebooks of separate runs merge; a student in two of them is an error.
        let merged = Gradebook(
            folder: shared.base.appendingPathComponent("merged"), units: shared.course.exerciseUnits,
            dueDate: "", roster: Roster())
        #expect(try merged.merge([book]).map(\.score) == [10])
        #expect(try read(merged.folder.appendingPathComponent("grades.csv")) == read(book.appendingPathComponent("grades.csv")))
        #expect(throws: GradingError.self) { try merged.merge([book, book]) }
    }

    /// The Swift Testing ids of the tests of `suite` (public and hidden) in the course at `root`:
    /// `S01Tests.S01_E03/sumsToOne()/E03_SoftmaxTests.swift:9:6`.
    static func testIDs(of suite: String, in root: URL) throws -> [String] {
        let folder = root.appendingPathComponent("Tests/S01Tests")
        var ids: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let lines = try read(folder.appendingPathComponent(file)).split(separator: "\n", omittingEmptySubsequences: false)
            var current = ""
            for (number, line) in lines.enumerated() {
                if let range = line.range(of: "struct ") { current = String(line[range.upperBound...].prefix { $0 != " " }) }
                guard current == suite || current == suite + "_Hidden", let at = line.firstIndex(of: "@"), line.contains("@Test func "),
                    let name = line.split(separator: " ").first(where: { $0.hasSuffix("()") })
                else { continue }
                ids.append("S01Tests.\(current)/\(name)/\(file):\(number + 1):\(line.distance(from: line.startIndex, to: at) + 2)")
            }
        }
        return ids
    }

    /// Path -> contents of every file under `root` (build folders aside).
    static func checksums(_ root: URL) throws -> [String: Data] {
        var sums: [String: Data] = [:]
        for file in try PackageTree.files(under: root) { sums[file] = try Data(contentsOf: root.appendingPathComponent(file)) }
        return sums
    }
}

/// Exercise files that attack the grader (each also solves its exercise, so that
/// a contained attack scores full marks and a successful one shows).
enum Attack {
    /// Walks up from its source file and the working folder, reading hidden tests and
    /// reference solutions, and throws what it found (errors reach the feedback).
    static func reader(instructor: URL, dot: String) -> String {
        """
        import Foundation
        import Vectors

        struct Loot: Error, CustomStringConvertible { let description: String }

        func dot(_ a: Vector, _ b: Vector) throws -> Double {
            var loot = ""
            let targets = ["Tests/S01Tests/E03_SoftmaxHiddenTests.swift", "Lessons/S01/Exercises/E03_Softmax.swift",
                           "instructor/Tests/S01Tests/E03_SoftmaxHiddenTests.swift", "instructor/Lessons/S01/Exercises/E03_Softmax.swift"]
            for start in [URL(fileURLWithPath: #filePath), URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                          URL(fileURLWithPath: "\(instructor.path)/x")] {
                var folder = start.deletingLastPathComponent()
                for _ in 0..<10 {
                    for target in targets {
                        if let text = try? String(contentsOfFile: folder.appendingPathComponent(target).path, encoding: .utf8) { loot += text }
                    }
                    folder = folder.deletingLastPathComponent()
                }
            }
            if !loot.isEmpty { throw Loot(description: loot) }
            \(dot)
        }
        """
    }

    /// Solves ReLU, then edits the instructor's hidden test, another submission and
    /// the gradebook, and leaves a `setsid` child that forges a grades.csv row later.
    static func writer(instructor: URL, book: URL, victim: URL, marker: String) -> String {
        """
        import Foundation
        import Vectors

        func relu(_ x: Vector) throws -> Vector {
            let forged = "\(marker)\\n"
            func append(_ path: String) {
                if let handle = FileHandle(forWritingAtPath: path) { handle.seekToEndOfFile(); handle.write(Data(forged.utf8)); handle.closeFile() }
                else { try? forged.write(toFile: path, atomically: false, encoding: .utf8) }
            }
            append("\(instructor.path)/Tests/S01Tests/E03_SoftmaxHiddenTests.swift")
            append("\(victim.path)/Lessons/S01/Exercises/E01_Dot.swift")
            append("\(book.path)/feedback/victim.md")
            append("\(book.path)/results/victim/results.json")
            append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Tests/S01Tests/E02_ReluTests.swift").path)
            let later = Process()
            later.executableURL = URL(fileURLWithPath: "/bin/sh")
            later.arguments = ["-c", "setsid sh -c 'sleep 2; echo x,x,x,\(marker),,,,10,0,10,10 >> \(book.path)/grades.csv' >/dev/null 2>&1 &"]
            try? later.run()
            later.waitUntilExit()
            return Vector(x.values.map { max(0, $0) })
        }
        """
    }

    /// A wrong softmax that appends "passed" events for `testIDs` to the event stream
    /// and exits 0 before the real tests can fail: made-up tests, or the real ones.
    static func forger(reporting testIDs: [String]) -> String {
        """
        import Foundation
        import Vectors

        func softmax(_ x: Vector) throws -> Vector {
            let arguments = CommandLine.arguments
            if let flag = arguments.firstIndex(of: "--event-stream-output-path"), flag + 1 < arguments.count,
               let handle = FileHandle(forWritingAtPath: arguments[flag + 1]) {
                handle.seekToEndOfFile()
                for id in \(testIDs) {
                    for kind in ["testStarted", "testEnded"] {
                        let line = #"{"kind":"event","version":0,"payload":{"kind":"\\#(kind)","testID":"\\#(id)","instant":{"absolute":0,"since1970":0},"messages":[]}}"#
                        handle.write(Data((line + "\\n").utf8))
                    }
                }
                handle.closeFile()
                exit(0)
            }
            return x
        }

        func predictedClass(_ logits: Vector) throws -> Int {
            let p = try softmax(logits).values
            return p.indices.max { p[$0] < p[$1] }!
        }
        """
    }

    /// Solves ReLU but leaves 30 children holding standard output, two of them in sessions of their own.
    static func sleepers(marker: String) -> String {
        """
        import Foundation
        import Vectors

        func relu(_ x: Vector) throws -> Vector {
            let spawn = Process()
            spawn.executableURL = URL(fileURLWithPath: "/bin/sh")
            spawn.arguments = ["-c", "for i in $(seq 28); do sh -c 'exec -a \(marker) sleep 1000' & done; "
                               + "setsid sh -c 'exec -a \(marker) sleep 1000' & setsid sh -c 'exec -a \(marker) sleep 1000' &"]
            try? spawn.run()
            spawn.waitUntilExit()
            return Vector(x.values.map { max(0, $0) })
        }
        """
    }
}

/// What the grader reads from a submission, without building anything.
@Suite struct SubmissionIntakeTests {
    let course: Course
    let dot = "Lessons/S01/Exercises/E01_Dot.swift", relu = "Lessons/S01/Exercises/E02_Relu.swift"

    init() throws { course = try Course(root: sampleCourseSource) }

    @Test func linksAnywhereOnThePathAndSpecialFilesAreRefused() throws {
        let base = try temporaryFolder("intake")
        defer { try? FileManager.default.removeItem(at: base) }
        let honest = base.appendingPathComponent("honest")
        try write([dot: "// mine\n"], under: honest)
        #expect(mkfifo(honest.appendingPathComponent(relu).path, 0o644) == 0)
        let linked = base.appendingPathComponent("linked")
        try FileManager.default.createDirectory(at: linked.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: linked.appendingPathComponent("Lessons/S01"),
            withDestinationURL: honest.appendingPathComponent("Lessons/S01"))

        let first = try Submission.load(honest, course: course, scratch: base.appendingPathComponent("scratch"))
        #expect(first.exerciseFiles.keys.sorted() == [dot])
        #expect(first.notes.contains("\(relu) is refused: \(relu) is not a regular file: graded as not started"))
        let second = try Submission.load(linked, course: course, scratch: base.appendingPathComponent("scratch"))
        #expect(second.exerciseFiles.isEmpty)
        #expect(second.notes.contains("\(dot) is refused: Lessons/S01 is a link: graded as not started"))
    }

    @Test func zipEntriesThatClimbOutAreRefusedAndBrokenZipsThrow() throws {
        let base = try temporaryFolder("intake-zip")
        defer { try? FileManager.default.removeItem(at: base) }
        let zip = base.appendingPathComponent("mallory.zip")
        let script =
            "import zipfile, sys\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
            + "    z.writestr('\(dot)', '// mine\\n')\n    z.writestr('../escaped.swift', 'x')\n    z.writestr('/abs.swift', 'x')\n"
        let made = try ChildProcess(["python3", "-c", script, zip.path], in: base).run()
        try #require(made.succeeded, "\(made.output)")
        let scratch = base.appendingPathComponent("scratch")
        let submission = try Submission.load(zip, course: course, scratch: scratch)
        #expect(submission.studentID == "mallory" && submission.exerciseFiles.keys.sorted() == [dot])
        #expect(submission.notes.contains("the zip entry ../escaped.swift has an absolute or .. path: refused"))
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("escaped.swift").path))
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("escaped.swift").path))

        let broken = base.appendingPathComponent("broken.zip")
        try Data("not a zip".utf8).write(to: broken)
        #expect(throws: GradingError.self) { try Submission.load(broken, course: course, scratch: scratch) }
    }

    @Test func gradescopeAutograderHoldsTheCourseAndBothScripts() throws {
        let base = try temporaryFolder("gradescope")
        defer { try? FileManager.default.removeItem(at: base) }
        var autograder = GradescopeAutograder(course: course, swiftVersion: "6.3.1")
        autograder.units = ["S01"]
        let zip = base.appendingPathComponent("autograder.zip")
        try autograder.write(to: zip)
        let listing = try ChildProcess(["unzip", "-Z", zip.path], in: base).run()
        #expect(listing.succeeded)
        let lines = listing.output.split(separator: "\n")
        for script in ["setup.sh", "run_autograder"] {
            #expect(lines.contains { $0.hasPrefix("-rwxr-xr-x") && $0.hasSuffix(" \(script)") }, "\(script) missing or not executable")
            let check = try ChildProcess(["bash", "-n", "-c", script == "setup.sh" ? autograder.setupScript : autograder.runScript], in: base).run()
            #expect(check.succeeded, "\(script): \(check.output)")
        }
        #expect(lines.contains { $0.hasSuffix(" Package.swift") } && lines.contains { $0.hasSuffix(" \(dot)") })
        #expect(autograder.setupScript.contains("swift-6.3.1-RELEASE-ubuntu22.04.tar.gz"))
        #expect(autograder.setupScript.contains("libopenblas-dev libpng-dev"))
        #expect(autograder.runScript.contains("--unit S01") && autograder.runScript.contains("/autograder/results/results.json"))
    }
}
