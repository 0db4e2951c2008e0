/// The Markdown feedback a student gets: per exercise the points, the status and
/// the tests; hidden tests appear by name, with their error message at most.
/// Written in `CourseLanguage.current` (`COURSE_LANG=zh` or `LANG=zh_CN.UTF-8` for Chinese).
enum Feedback {
    static func markdown(_ grade: SubmissionGrade, units: [CourseUnit], words: Messages = Messages()) -> String {
        var out = [
            words.feedbackTitle(student: grade.studentID), "",
            words.feedbackTotal(score: Gradebook.format(grade.score), maxScore: Gradebook.format(grade.maxScore)), "",
        ]
        if !grade.notes.isEmpty {
            out += [words.notesHeading, ""] + grade.notes.map { "- \($0)" } + [""]
        }
        for unit in units {
            let results = grade.results(of: unit.id)
            let score = results.reduce(0) { $0 + $1.score }
            out += ["## \(unit.id) \(unit.title): \(Gradebook.format(score)) / \(Gradebook.format(unit.maxPoints))", ""]
            out += [words.exerciseTableHeader, "|---|---|---|"]
            out += results.map {
                "| \($0.exercise.id) \($0.exercise.title) | \(Gradebook.format($0.score)) / \(Gradebook.format($0.exercise.points)) | \(words.status($0.statusWord)) |"
            }
            out.append("")
            for result in results where result.status != .passed {
                out += ["### \(result.exercise.id) \(result.exercise.title)", "", result.summary.markdownEscaped, ""]
                out += testLines(result, words: words).map { "- \($0)" }
                out += ["", words.readDoc(result.exercise.doc), ""]
            }
        }
        return out.joined(separator: "\n")
    }

    /// One line per test; a hidden test shows its name and, if it failed, what it threw.
    static func testLines(_ result: ExerciseResult, words: Messages = Messages()) -> [String] {
        result.tests.map { test in
            let kind = words.testKind(hidden: test.isHidden)
            let state = words.status(test.passed ? "passed" : (test.finished ? "failed" : "did not finish"))
            var line = "\(kind) `\(test.name)`: \(state)"
            if let points = result.exercise.checks?[test.name] {
                line += " (\(Gradebook.format(test.passed && result.score > 0 ? points : 0))/\(Gradebook.format(points)) points)"
            }
            if let issue = test.issues.first {
                line += ": " + (test.isHidden ? issue.hiddenTestSummary : issue.fullText).markdownEscaped
            }
            return line
        }
    }
}

extension String {
    /// Keeps messages on one line and stops `|` and backticks from breaking the Markdown.
    var markdownEscaped: String {
        replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'")
    }
}
