import ArgumentParser
import CourseKit
import Foundation

/// `swift run course <subcommand>`: the course's tool for students and instructors.
@main
struct CourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course",
        abstract: "Lessons, exercises, self-checks, student editions and grading for this course.",
        subcommands: [List.self, Check.self, Release.self, Validate.self, Grade.self, Merge.self, Gradescope.self])
}

/// Where the course is: `--root`, or the package around the current folder.
struct CourseLocation: ParsableArguments {
    @Option(help: "The course package (default: the package around the current folder).")
    var root: String?

    func load() throws -> Course {
        let start = URL(fileURLWithPath: root ?? FileManager.default.currentDirectoryPath)
        return try Course(root: try Course.findRoot(from: start))
    }
}

/// Limits for every test process.
struct LimitOptions: ParsableArguments {
    @Option(
        help:
            "CPU seconds an exercise's tests get when graded, at least (the manifest's timeLimit floor, if any, wins; the limit also grows with the reference solution's own time)."
    )
    var timeout: Double = 60
    @Option(help: "Virtual memory limit of each test process, in MiB (0: none).")
    var memory: Int = 4096
    @Option(help: "Bytes of output kept from each test process; more stops it.")
    var outputCap: Int = 1 << 20

    var limits: SwiftPackage.Limits {
        var limits = SwiftPackage.Limits()
        limits.testTimeout = timeout
        limits.memoryLimitMB = memory > 0 ? memory : nil
        limits.outputCap = outputCap
        return limits
    }
}

extension CourseCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lessons and projects, their exercises and points.")
        @OptionGroup var location: CourseLocation

        func run() throws {
            let course = try location.load()
            print(CourseListing.text(course))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check your exercises of a lesson: build, run their public tests, show points.")
        @Argument(help: "The lesson or project, e.g. M01.") var unit: String
        @OptionGroup var location: CourseLocation
        @OptionGroup var limits: LimitOptions

        func run() throws {
            let course = try location.load()
            let unit = try course.unit(self.unit)
            print("Building \(course.root.path) ...")
            switch try SelfCheck(course: course, limits: limits.limits).run(unit.id) {
            case .buildFailed(let errors, let output):
                print("The package does not build. Fix these first:")
                print(errors.isEmpty ? String(output.suffix(3000)) : errors.prefix(20).map(\.description).joined(separator: "\n"))
                throw ExitCode.failure
            case .results(let results):
                print(SelfCheck.table(unit, results))
            }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the student edition: solutions stubbed, hidden tests and instructor-only files left out.")
        @Option(help: "The folder to write.") var out: String
        @Flag(help: "Replace the folder if it is not empty.") var force = false
        @OptionGroup var location: CourseLocation

        func run() throws {
            let course = try location.load()
            let report = try StudentEdition(course: course).write(to: URL(fileURLWithPath: out), force: force)
            print(
                "Wrote \(report.filesWritten) files to \(out): \(report.solutionsStubbed) solutions stubbed, "
                    + "\(report.hiddenTestFilesRemoved) hidden test files and \(report.hiddenTestRegionsRemoved) hidden test regions removed, "
                    + "\(report.instructorOnlyLeftOut) instructor-only files and \(report.instructorSectionsRemoved) instructor sections of pages left out.")
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove the course: reference solutions score full marks, the student edition builds and scores zero.")
        @OptionGroup var location: CourseLocation
        @OptionGroup var limits: LimitOptions
        @Option(help: "Folder for the build slot and the student edition (default: .build/course-grading).")
        var work: String?
        @Option(name: .customLong("unit"), help: "Validate only these lessons/projects (repeatable).")
        var units: [String] = []

        func run() throws {
            let course = try location.load()
            var options = Grader.Options(workFolder: workFolder(work, course: course))
            options.limits = limits.limits
            options.units = units
            let report = try Validator(grader: try Grader(course: course, options: options)).run { print($0) }
            print(ValidationListing.text(report))
            if !report.ok { throw ExitCode.failure }
        }
    }

    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grade submissions (folders or .zip files of the student edition) into a gradebook.")
        @Argument(help: "Submission folders or .zip files; the name is the student id.") var submissions: [String]
        @Option(help: "The gradebook folder (grades.csv, feedback/, results/).") var out: String
        @Option(help: "Submissions graded at once.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "A CSV with student_id,last_name,first_name,email.") var roster: String?
        @Option(help: "The due date written to grades.csv.") var due: String = ""
        @Option(help: "Folder for the build slots (default: .build/course-grading).") var work: String?
        @Option(name: .customLong("unit"), help: "Grade only these lessons/projects (repeatable).")
        var units: [String] = []
        @Flag(help: "Keep the grades already in --out of submissions that have not changed.") var resume = false
        @Flag(help: "Run submitted code without a sandbox even where bubblewrap works (the reports say so).")
        var unsandboxed = false
        @OptionGroup var location: CourseLocation
        @OptionGroup var limits: LimitOptions

        func run() throws {
            let course = try location.load()
            var options = Grader.Options(workFolder: workFolder(work, course: course))
            options.limits = limits.limits
            options.jobs = jobs
            options.resume = resume
            if unsandboxed { options.sandbox = Sandbox(kind: .unsandboxed(reason: "--unsandboxed was given")) }
            options.units = units
            options.dueDate = due
            let roster = try self.roster.map { try Roster(csv: String(contentsOfFile: $0, encoding: .utf8)) } ?? Roster()
            let lock = NSLock()
            let grades = try Grader(course: course, options: options)
                .grade(submissions.map { URL(fileURLWithPath: $0) }, output: URL(fileURLWithPath: out), roster: roster) { line in
                    lock.lock(); print(line); lock.unlock()
                }
            print(
                TextTable(
                    header: ["student", "score"],
                    rows: grades.map { [$0.studentID, "\(Gradebook.format($0.score))/\(Gradebook.format($0.maxScore))"] }
                ).rendered)
            print("Gradebook written to \(out)")
        }
    }
}

extension CourseCommand {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge gradebooks of separate grading runs (one per cluster array task) into one.")
        @Argument(help: "Gradebook folders written by course grade.") var gradebooks: [String]
        @Option(help: "The merged gradebook folder.") var out: String
        @Option(help: "A CSV with student_id,last_name,first_name,email.") var roster: String?
        @Option(help: "The due date written to grades.csv.") var due: String = ""
        @Option(name: .customLong("unit"), help: "The lessons/projects the gradebooks were graded on (repeatable; default all).")
        var units: [String] = []
        @OptionGroup var location: CourseLocation

        func run() throws {
            let course = try location.load()
            let units = self.units.isEmpty ? course.exerciseUnits : try self.units.map { try course.unit($0) }
            let roster = try self.roster.map { try Roster(csv: String(contentsOfFile: $0, encoding: .utf8)) } ?? Roster()
            let book = Gradebook(folder: URL(fileURLWithPath: out), units: units, dueDate: due, roster: roster)
            let grades = try book.merge(gradebooks.map { URL(fileURLWithPath: $0) })
            print("Merged \(grades.count) students from \(gradebooks.count) gradebooks into \(out)")
        }
    }

    struct Gradescope: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a Gradescope autograder zip (setup.sh, run_autograder and the course).")
        @Option(help: "The zip file to write.") var out: String = "autograder.zip"
        @Option(help: "The Swift release setup.sh installs (default: the one on PATH).") var swiftVersion: String?
        @Option(name: .customLong("unit"), help: "Grade only these lessons/projects (repeatable).")
        var units: [String] = []
        @OptionGroup var location: CourseLocation

        func run() throws {
            let course = try location.load()
            guard let version = swiftVersion ?? GradescopeAutograder.installedSwiftVersion() else {
                throw ValidationError("cannot tell the Swift version; pass --swift-version")
            }
            var autograder = GradescopeAutograder(course: course, swiftVersion: version)
            autograder.units = try units.map { try course.unit($0).id }
            try autograder.write(to: URL(fileURLWithPath: out))
            print("Wrote \(out) (Swift \(version)); upload it as the assignment's autograder.")
        }
    }
}

func workFolder(_ option: String?, course: Course) -> URL {
    option.map { URL(fileURLWithPath: $0) } ?? course.root.appendingPathComponent(".build/course-grading")
}
