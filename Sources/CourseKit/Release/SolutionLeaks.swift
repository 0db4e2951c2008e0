import Foundation

/// Solution lines that the student edition ships elsewhere: a library function,
/// a test or a lesson that holds an exercise's answer verbatim lets a student
/// solve it by copying or calling it.
///
/// A solution line counts when it is long enough to be an answer rather than
/// boilerplate (`minimumLength` characters once trimmed, comments dropped). Lines
/// the instructor has judged harmless are listed in the course's
/// `.shared-solution-lines` (instructor-only: it quotes solutions).
public struct SolutionLeaks {
    public let course: Course
    public var minimumLength = 40
    public static let allowedFile = ".shared-solution-lines"

    public init(course: Course) { self.course = course }

    /// One solution line found in a shipped file.
    public struct Leak: Equatable, Sendable, CustomStringConvertible {
        public let exercise: String
        public let line: String
        public let file: String
        public let lineNumber: Int
        public var description: String { "\(exercise)'s solution line `\(line)` is shipped in \(file):\(lineNumber)" }
    }

    /// Every solution line of every exercise that appears in a file of the student
    /// edition (Swift sources and Markdown pages) other than the exercise files,
    /// whose solutions become stubs.
    public func find(in edition: [String: Data]) throws -> [Leak] {
        var solutions: [String: String] = [:]  // line -> exercise id
        for exercise in course.exercises {
            let text = try String(contentsOf: course.root.appendingPathComponent(exercise.file), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for region in try Markers.regions(in: lines, begin: Markers.beginSolution, end: Markers.endSolution, file: exercise.file) {
                for line in lines[(region.begin + 1)..<region.end] {
                    let code = Self.code(line)
                    if code.count >= minimumLength && !code.hasPrefix("//") { solutions[code] = solutions[code] ?? exercise.id }
                }
            }
        }
        for line in try allowedLines() { solutions[line] = nil }
        let exerciseFiles = Set(course.exerciseFiles)
        var leaks: [Leak] = []
        for (path, data) in edition.sorted(by: { $0.key < $1.key }) where (path.hasSuffix(".swift") || path.hasSuffix(".md")) && !exerciseFiles.contains(path) {
            guard let text = String(data: data, encoding: .utf8) else { continue }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = Self.code(line)
                if let id = solutions[code] { leaks.append(Leak(exercise: id, line: code, file: path, lineNumber: number + 1)) }
            }
        }
        return leaks
    }

    /// The solution lines of `.shared-solution-lines` (`#` starts a comment line).
    func allowedLines() throws -> [String] {
        let url = course.root.appendingPathComponent(Self.allowedFile)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { Self.code($0) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// A line without its indentation and trailing `//` comment.
    static func code<S: StringProtocol>(_ line: S) -> String {
        var text = String(line)
        if let comment = text.range(of: " // ") { text = String(text[..<comment.lowerBound]) }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
