import Foundation

/// `course check M01`: the student's own check in their edition. Builds, runs
/// the public tests of each exercise of the lesson and reports a table.
public struct SelfCheck {
    public let course: Course
    public let limits: SwiftPackage.Limits

    public init(course: Course, limits: SwiftPackage.Limits = SwiftPackage.Limits()) {
        self.course = course
        self.limits = limits
    }

    public enum Outcome {
        case results([ExerciseResult])
        /// The package does not build: the compiler's errors.
        case buildFailed([SwiftPackage.CompileError], output: String)
    }

    public func run(_ unitID: String) throws -> Outcome {
        let unit = try course.unit(unitID)
        let package = SwiftPackage(root: course.root, limits: limits)
        let build = try package.build()
        guard build.succeeded else { return .buildFailed(build.errors, output: build.process.output) }
        return .results(try ExerciseRunner(package: package).runTogether(unit.exercises))
    }

    /// The table printed by `course check`.
    public static func table(_ unit: CourseUnit, _ results: [ExerciseResult]) -> String {
        let rows = results.map { r in
            [
                "\(r.exercise.id)", r.exercise.title, "\(Gradebook.format(r.score))/\(Gradebook.format(r.exercise.points))",
                r.status == .notStarted ? "not started, see \(r.exercise.doc)" : r.summary,
            ]
        }
        let earned = results.reduce(0) { $0 + $1.score }
        return "\(unit.id) \(unit.title)\n"
            + TextTable(header: ["exercise", "title", "points", "status"], rows: rows).rendered
            + "\nTotal: \(Gradebook.format(earned))/\(Gradebook.format(unit.maxPoints)) points on the public tests"
            + " (grading also runs hidden tests).\n"
    }
}

/// A plain text table with aligned columns; the last column is not padded.
public struct TextTable {
    public let header: [String]
    public let rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    public var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
