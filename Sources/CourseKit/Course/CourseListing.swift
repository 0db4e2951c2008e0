/// The text of `course list`.
public enum CourseListing {
    public static func text(_ course: Course) -> String {
        var out: [String] = []
        for unit in course.units {
            let heading = "\(unit.id)  \(unit.kind.rawValue)  \(unit.folder)" + (unit.title.isEmpty ? "" : "  \(unit.title)")
            out.append(heading)
            if unit.exercises.isEmpty {
                out.append("  (no exercises)")
            } else {
                let rows = unit.exercises.map { ["  \($0.id)", $0.title, Gradebook.format($0.points), $0.doc] }
                out.append(TextTable(header: ["  exercise", "title", "points", "lesson text"], rows: rows).rendered)
                out.append("  total \(Gradebook.format(unit.maxPoints)) points")
            }
            out.append("")
        }
        let total = course.exercises.reduce(0) { $0 + $1.points }
        out.append("\(course.exercises.count) exercises, \(Gradebook.format(total)) points in all.")
        return out.joined(separator: "\n")
    }
}

/// The text of `course validate`.
public enum ValidationListing {
    public static func text(_ report: Validator.Report) -> String {
        let students = Dictionary(uniqueKeysWithValues: report.student.map { ($0.exercise.id, $0) })
        let rows = report.reference.map { r -> [String] in
            let stub = students[r.exercise.id]
            return [
                r.exercise.id, "\(Gradebook.format(r.score))/\(Gradebook.format(r.exercise.points))",
                stub.map { Gradebook.format($0.score) } ?? "-", r.statusWord + " / " + (stub?.statusWord ?? "-"),
            ]
        }
        var out = TextTable(header: ["exercise", "reference", "student edition", "status (reference / student)"], rows: rows).rendered
        out +=
            report.ok
            ? "\n\nvalid: the reference scores full marks, the student edition builds and scores zero."
            : "\n\nNOT VALID:\n" + report.problems.map { "- \($0)" }.joined(separator: "\n")
        return out
    }
}
