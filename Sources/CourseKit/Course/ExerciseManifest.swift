import Foundation

/// The `exercises.json` of a lesson or project:
///
/// ```json
/// {
///   "title": "Deep-learning foundations",
///   "exercises": [
///     { "id": "M01-E03", "title": "softmax backward", "points": 3,
///       "file": "Exercises/E03_SoftmaxBackward.swift" }
///   ]
/// }
/// ```
/// `file` is relative to the unit's folder; `doc` is optional and defaults to
/// `Docs/M01.md#m01-e03`. `timeLimit` (`{"factor": 5, "floor": 20}`), for the
/// whole unit or one exercise, sets the CPU time its tests get when graded.
/// `checks` (`{"sumsToOne()": 2, "isStableForLargeLogits()": 3}`) gives points per
/// test, public or hidden, summing to the exercise's points: partial credit.
struct ExerciseManifest: Decodable {
    struct Entry: Decodable {
        let id: String
        let title: String
        let points: Double
        let file: String
        let doc: String?
        let timeLimit: TimeLimit?
        let checks: [String: Double]?
    }
    let title: String
    let exercises: [Entry]
    let timeLimit: TimeLimit?

    static let fileName = "exercises.json"

    /// The unit at `folder`; a unit without `exercises.json` has no exercises.
    static func loadUnit(id: String, kind: CourseUnit.Kind, folder: String, root: URL) throws -> CourseUnit {
        let path = "\(folder)/\(fileName)"
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            return CourseUnit(id: id, kind: kind, folder: folder, title: "", exercises: [])
        }
        let manifest: ExerciseManifest
        do {
            manifest = try JSONDecoder().decode(ExerciseManifest.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw CourseError.unreadableManifest(path: path, reason: describe(error))
        } catch {
            throw CourseError.unreadableManifest(path: path, reason: error.localizedDescription)
        }
        let exercises = try manifest.exercises.map { entry -> Exercise in
            let expectedPrefix = "\(id)-E"
            let digits = entry.id.dropFirst(expectedPrefix.count)
            guard entry.id.hasPrefix(expectedPrefix), digits.count == 2, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw CourseError.badExercise(manifest: path, reason: "id \"\(entry.id)\" should look like \(id)-E01")
            }
            guard entry.points > 0, entry.points.isFinite else {
                throw CourseError.badExercise(manifest: path, reason: "\(entry.id): points must be positive, got \(entry.points)")
            }
            guard entry.file.hasPrefix("Exercises/"), entry.file.hasSuffix(".swift"), !entry.file.contains("..") else {
                throw CourseError.badExercise(manifest: path, reason: "\(entry.id): file must be Exercises/<name>.swift, got \(entry.file)")
            }
            let file = "\(folder)/\(entry.file)"
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path) else {
                throw CourseError.badExercise(manifest: path, reason: "\(entry.id): \(file) does not exist")
            }
            let doc = entry.doc ?? "Docs/\(id).md#\(entry.id.lowercased())"
            let timeLimit = entry.timeLimit ?? manifest.timeLimit ?? TimeLimit()
            guard timeLimit.isValid else {
                throw CourseError.badExercise(manifest: path, reason: "\(entry.id): timeLimit factor and floor must be positive")
            }
            if let checks = entry.checks {
                guard checks.values.allSatisfy({ $0 > 0 && $0.isFinite }), abs(checks.values.reduce(0, +) - entry.points) < 1e-9 else {
                    throw CourseError.badExercise(manifest: path, reason: "\(entry.id): checks must be positive and sum to its \(entry.points) points")
                }
            }
            return Exercise(
                id: entry.id, title: entry.title, points: entry.points, file: file, doc: doc, unit: id,
                timeLimit: timeLimit, checks: entry.checks)
        }
        return CourseUnit(id: id, kind: kind, folder: folder, title: manifest.title, exercises: exercises)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\" at \(pathString(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(pathString(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "not valid JSON: \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func pathString(_ path: [CodingKey]) -> String {
        path.isEmpty ? "top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
