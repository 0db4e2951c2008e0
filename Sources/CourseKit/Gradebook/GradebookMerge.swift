import Foundation

extension Gradebook {
    /// The grades recorded in a gradebook folder (`results/<student>/grade.json`).
    public static func recordedGrades(in folder: URL) throws -> [SubmissionGrade] {
        let results = folder.appendingPathComponent("results")
        let students = (try? FileManager.default.contentsOfDirectory(atPath: results.path)) ?? []
        return try students.sorted().compactMap { student in
            let url = results.appendingPathComponent("\(student)/grade.json")
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            do {
                return try JSONDecoder().decode(Record.self, from: Data(contentsOf: url)).grade
            } catch {
                throw GradingError.badGradebook(url.path, "\(error)")
            }
        }
    }

    /// Merges gradebooks written by separate `course grade` runs (one per array
    /// task of a cluster job, say) into this one: each student's feedback and
    /// results are copied, and `grades.csv` lists everyone. A student graded in
    /// two of them is an error, as is a gradebook of other units.
    @discardableResult
    public func merge(_ books: [URL]) throws -> [SubmissionGrade] {
        var grades: [String: SubmissionGrade] = [:]
        for book in books {
            for grade in try Self.recordedGrades(in: book) {
                guard grades[grade.studentID] == nil else { throw GradingError.duplicateStudent(grade.studentID) }
                let graded = Set(grade.results.map(\.exercise.unit))
                guard graded == Set(units.map(\.id)) else {
                    throw GradingError.badGradebook(
                        book.path,
                        "\(grade.studentID) was graded on \(graded.sorted().joined(separator: ", ")), "
                            + "not on \(units.map(\.id).joined(separator: ", "))")
                }
                grades[grade.studentID] = grade
                for file in ["feedback/\(grade.studentID).md", "results/\(grade.studentID)/results.json", "results/\(grade.studentID)/grade.json"] {
                    try Self.writeAtomically(Data(contentsOf: book.appendingPathComponent(file)), to: folder.appendingPathComponent(file))
                }
            }
        }
        let merged = grades.values.sorted { $0.studentID < $1.studentID }
        try writeGradesCSV(merged)
        return merged
    }
}
