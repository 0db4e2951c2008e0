// This file uses the standard library only: the sample course in
// Tests/WorkbookTests/SampleCourse links to it (and to Messages.swift), so keep it import-free.

/// What an exercise function throws when it cannot give an answer.
///
/// The student edition replaces every solution with
/// `throw ExerciseError.notImplemented(id: "M01-E03", title: "linear layer backward", doc: "Docs/M01.md#m01-e03")`,
/// so an unfinished exercise fails its own tests with a pointer to the lesson text,
/// and every other test still runs.
public enum ExerciseError: Error, Equatable, CustomStringConvertible {
    /// The exercise still holds the stub of the student edition.
    case notImplemented(id: String, title: String, doc: String)

    public var description: String {
        switch self {
        case let .notImplemented(id, title, doc):
            return Messages().notImplemented(id: id, title: title, doc: doc)
        }
    }

    /// The words the grader looks for to tell "not started" from "failed".
    public static let notImplementedPhrase = "is not implemented yet"
}
