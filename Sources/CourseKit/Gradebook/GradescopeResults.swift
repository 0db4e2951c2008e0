import Foundation

/// Gradescope's autograder `results.json`: one test entry per exercise, with the
/// exercise's points; hidden tests are listed by name only.
enum GradescopeResults {
    struct Test: Encodable {
        let name: String
        let score: Double
        let max_score: Double
        let output: String
        let visibility: String
    }
    struct Results: Encodable {
        let score: Double
        let output: String
        let tests: [Test]
    }

    static func json(_ grade: SubmissionGrade) throws -> String {
        let tests = grade.results.map { result in
            Test(
                name: "\(result.exercise.id) \(result.exercise.title)", score: result.score,
                max_score: result.exercise.points,
                output: ([result.summary] + Feedback.testLines(result)).joined(separator: "\n"),
                visibility: "visible")
        }
        let results = Results(score: grade.score, output: grade.notes.joined(separator: "\n"), tests: tests)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(results), as: UTF8.self)
    }
}
