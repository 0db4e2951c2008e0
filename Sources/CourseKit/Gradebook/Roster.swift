import FileIO
import Foundation

/// Names and e-mails for the gradebook, from a CSV with a header line
/// `student_id,last_name,first_name,email` (nbgrader's columns). Optional:
/// without it those columns stay empty.
public struct Roster: Sendable {
    public struct Student: Sendable, Equatable {
        public var lastName = "", firstName = "", email = ""
    }
    public var students: [String: Student] = [:]

    public init() {}

    public init(csv text: String) throws {
        let rows = CSV.records(in: text).map(\.fields)
        guard let header = rows.first else { return }
        guard let idColumn = header.firstIndex(of: "student_id") else {
            throw GradingError.badSubmission("roster", "the header needs a student_id column, got \(header.joined(separator: ","))")
        }
        func column(_ name: String, _ row: [String]) -> String {
            header.firstIndex(of: name).flatMap { $0 < row.count ? row[$0] : nil } ?? ""
        }
        for row in rows.dropFirst() where idColumn < row.count {
            students[row[idColumn]] = Student(
                lastName: column("last_name", row), firstName: column("first_name", row),
                email: column("email", row))
        }
    }

    public subscript(id: String) -> Student { students[id] ?? Student() }
}
