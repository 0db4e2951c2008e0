import FileIO
import Foundation

/// The grader's outputs, written by the grader process alone from parsed test
/// results, each file atomically (temporary file, then rename):
/// - `grades.csv`: nbgrader's export columns, one row per student and lesson;
/// - `feedback/<student>.md`: what passed, what failed and why;
/// - `results/<student>/results.json`: Gradescope's autograder format.
public struct Gradebook: Sendable {
    public let folder: URL
    public let units: [CourseUnit]
    public let dueDate: String
    public let roster: Roster

    public static let csvColumns = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
                                    "email", "raw_score", "late_submission_penalty", "score", "max_score"]

    /// The per-student files of one graded submission.
    public func write(_ grade: SubmissionGrade) throws {
        try Self.writeAtomically(Feedback.markdown(grade, units: units),
                                 to: folder.appendingPathComponent("feedback/\(grade.studentID).md"))
        try Self.writeAtomically(GradescopeResults.json(grade),
                                 to: folder.appendingPathComponent("results/\(grade.studentID)/results.json"))
    }

    /// `grades.csv` for all submissions. No late policy is applied: the penalty column is 0.
    public func writeGradesCSV(_ grades: [SubmissionGrade]) throws {
        var lines = [CSV.line(Self.csvColumns)]
        for grade in grades {
            let student = roster[grade.studentID]
            for unit in units {
                let results = grade.results(of: unit.id)
                let raw = results.reduce(0) { $0 + $1.score }
                lines.append(CSV.line([unit.id, dueDate, grade.timestamp, grade.studentID, student.lastName,
                                       student.firstName, student.email, Self.format(raw), "0", Self.format(raw),
                                       Self.format(unit.maxPoints)]))
            }
        }
        try Self.writeAtomically(lines.joined(separator: "\n") + "\n", to: folder.appendingPathComponent("grades.csv"))
    }

    static func writeAtomically(_ text: String, to url: URL) throws {
        try AtomicFile.write(text, to: url)
    }

    /// `2`, `2.5`: points without a trailing `.0`.
    public static func format(_ points: Double) -> String {
        points == points.rounded() ? String(Int(points)) : String(format: "%g", points)
    }
}
