import FileIO
import Foundation

/// The grader's outputs, written by the grader process alone from parsed test
/// results, each file atomically (temporary file, then rename):
/// - `grades.csv`: nbgrader's export columns, one row per student and lesson;
/// - `feedback/<student>.md`: what passed, what failed and why;
/// - `results/<student>/results.json`: Gradescope's autograder format;
/// - `results/<student>/grade.json`: the full grade and a fingerprint of what was
///   graded, so that an interrupted class can be resumed (`--resume`).
public struct Gradebook: Sendable {
    public let folder: URL
    public let units: [CourseUnit]
    public let dueDate: String
    public let roster: Roster

    public init(folder: URL, units: [CourseUnit], dueDate: String = "", roster: Roster = Roster()) {
        self.folder = folder
        self.units = units
        self.dueDate = dueDate
        self.roster = roster
    }

    public static let csvColumns = [
        "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
        "email", "raw_score", "late_submission_penalty", "score", "max_score",
    ]

    /// The per-student files of one graded submission (`submission` is `nil` for one
    /// that could not be read: it is graded again on resume).
    public func write(_ grade: SubmissionGrade, submission: Submission?) throws {
        try Self.writeAtomically(
            Feedback.markdown(grade, units: units),
            to: folder.appendingPathComponent("feedback/\(grade.studentID).md"))
        try Self.writeAtomically(
            GradescopeResults.json(grade),
            to: folder.appendingPathComponent("results/\(grade.studentID)/results.json"))
        let record = Record(fingerprint: submission.map(Self.fingerprint) ?? "", units: units.map(\.id), grade: grade)
        try Self.writeAtomically(String(decoding: try JSONEncoder().encode(record), as: UTF8.self), to: recordURL(grade.studentID))
    }

    /// What `grade.json` holds.
    struct Record: Codable {
        let fingerprint: String
        let units: [String]
        let grade: SubmissionGrade
    }

    /// The grade recorded for exactly this submission (same files, same units), if any.
    public func recordedGrade(of submission: Submission) throws -> SubmissionGrade? {
        guard let data = try? Data(contentsOf: recordURL(submission.studentID)),
            let record = try? JSONDecoder().decode(Record.self, from: data),
            record.fingerprint == Self.fingerprint(submission), record.units == units.map(\.id)
        else { return nil }
        return record.grade
    }

    private func recordURL(_ student: String) -> URL { folder.appendingPathComponent("results/\(student)/grade.json") }

    /// FNV-1a over the submission's timestamp and exercise files: changes when anything graded changes.
    static func fingerprint(_ submission: Submission) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x100_0000_01b3
        }
        mix(submission.timestamp.utf8)
        for (path, data) in submission.exerciseFiles.sorted(by: { $0.key < $1.key }) { mix(path.utf8); mix(data) }
        return String(hash, radix: 16)
    }

    /// `grades.csv` for all submissions. No late policy is applied: the penalty column is 0.
    public func writeGradesCSV(_ grades: [SubmissionGrade]) throws {
        var lines = [CSV.line(Self.csvColumns)]
        for grade in grades {
            let student = roster[grade.studentID]
            for unit in units {
                let results = grade.results(of: unit.id)
                let raw = results.reduce(0) { $0 + $1.score }
                lines.append(
                    CSV.line([
                        unit.id, dueDate, grade.timestamp, grade.studentID, student.lastName,
                        student.firstName, student.email, Self.format(raw), "0", Self.format(raw),
                        Self.format(unit.maxPoints),
                    ]))
            }
        }
        try Self.writeAtomically(lines.joined(separator: "\n") + "\n", to: folder.appendingPathComponent("grades.csv"))
    }

    static func writeAtomically(_ text: String, to url: URL) throws {
        try writeAtomically(Data(text.utf8), to: url)
    }

    static func writeAtomically(_ data: Data, to url: URL) throws {
        try AtomicFile.write(data, to: url)
    }

    /// `2`, `2.5`: points without a trailing `.0`.
    public static func format(_ points: Double) -> String {
        points == points.rounded() ? String(Int(points)) : String(format: "%g", points)
    }
}
