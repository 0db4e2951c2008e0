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
        let rows = CSV.parse(text)
        guard let header = rows.first else { return }
        guard let idColumn = header.firstIndex(of: "student_id") else {
            throw GradingError.badSubmission("roster", "the header needs a student_id column, got \(header.joined(separator: ","))")
        }
        func column(_ name: String, _ row: [String]) -> String {
            header.firstIndex(of: name).flatMap { $0 < row.count ? row[$0] : nil } ?? ""
        }
        for row in rows.dropFirst() where idColumn < row.count {
            students[row[idColumn]] = Student(lastName: column("last_name", row), firstName: column("first_name", row),
                                              email: column("email", row))
        }
    }

    public subscript(id: String) -> Student { students[id] ?? Student() }
}

/// RFC 4180 CSV: fields with commas, quotes or newlines are quoted.
enum CSV {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { ",\"\n\r".contains($0) })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }

    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } }
                else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" || c == "\r\n" { row.append(field); rows.append(row); row = []; field = "" }
            else if c != "\r" { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
