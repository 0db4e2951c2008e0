import Foundation

/// The comment lines that mark what the student edition changes.
///
/// Each marker is a line of its own (leading spaces allowed, nothing after it):
/// ```swift
/// func softmaxBackward(_ p: Tensor, _ grad: Tensor) throws -> Tensor {
///     // BEGIN SOLUTION
///     ...
///     // END SOLUTION
/// }
/// ```
/// Solution regions are replaced by a stub that throws; hidden-test regions are removed.
public enum Markers {
    public static let beginSolution = "// BEGIN SOLUTION"
    public static let endSolution = "// END SOLUTION"
    public static let beginHidden = "// BEGIN HIDDEN TESTS"
    public static let endHidden = "// END HIDDEN TESTS"

    /// A marked region: the 0-based line numbers of its BEGIN and END lines.
    public struct Region: Equatable, Sendable {
        public let begin: Int
        public let end: Int
        /// The BEGIN line's leading whitespace, reused for the stub.
        public let indent: String
        /// What follows the BEGIN marker on its line (`// BEGIN SOLUTION M01-E06` -> `M01-E06`), or "".
        public var label = ""
    }

    /// The regions between `begin` and `end` markers in `lines`; unbalanced or
    /// nested markers are an error that names the file and line.
    public static func regions(in lines: [Substring], begin: String, end: String, file: String) throws -> [Region] {
        var regions: [Region] = []
        var open: (line: Int, indent: String, label: String)?
        for (number, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let label = markerLabel(trimmed, begin) {
                if let open { throw CourseError.badMarkers(file: file, line: number + 1, reason: "\(begin) inside the region opened at line \(open.line + 1)") }
                open = (number, String(line.prefix { $0 == " " || $0 == "\t" }), label)
            } else if markerLabel(trimmed, end) != nil {
                guard let region = open else { throw CourseError.badMarkers(file: file, line: number + 1, reason: "\(end) without \(begin)") }
                regions.append(Region(begin: region.line, end: number, indent: region.indent, label: region.label))
                open = nil
            } else if trimmed.hasPrefix(begin) || trimmed.hasPrefix(end) {
                throw CourseError.badMarkers(
                    file: file, line: number + 1, reason: "a marker must start its line, alone or followed by an exercise id: \(trimmed)")
            }
        }
        if let open { throw CourseError.badMarkers(file: file, line: open.line + 1, reason: "\(begin) is never closed by \(end)") }
        return regions
    }

    /// The marker alone (`""`) or followed by a space and a label; `nil` for any other line.
    static func markerLabel(_ trimmed: String, _ marker: String) -> String? {
        if trimmed == marker { return "" }
        guard trimmed.hasPrefix(marker + " ") else { return nil }
        return trimmed.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
    }

    /// `text` with every region between the markers replaced by `replacement(region, lines)` lines.
    static func replacingRegions(
        in text: String, begin: String, end: String, file: String,
        with replacement: (Region, [Substring]) throws -> [String]
    ) throws -> (text: String, count: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let found = try regions(in: lines, begin: begin, end: end, file: file)
        guard !found.isEmpty else { return (text, 0) }
        var out: [String] = []
        var next = 0
        for region in found {
            out += lines[next..<region.begin].map(String.init)
            out += try replacement(region, lines)
            next = region.end + 1
        }
        out += lines[next...].map(String.init)
        return (out.joined(separator: "\n"), found.count)
    }

    /// The student edition of an exercise file: each solution region becomes a stub
    /// that throws `ExerciseError.notImplemented` for its exercise; `import Workbook`
    /// is added when the file does not import it already.
    ///
    /// A region belongs to the exercise named on its BEGIN line
    /// (`// BEGIN SOLUTION M01-E06`); else to the file's only exercise; else to the
    /// exercise whose id starts the nearest doc comment line above it (`/// M01-E06 · ...`).
    public static func stubbingSolutions(in text: String, for exercises: [Exercise], file: String) throws -> (text: String, count: Int) {
        var stubbed = Set<String>()
        let (result, count) = try replacingRegions(in: text, begin: beginSolution, end: endSolution, file: file) { region, lines in
            let exercise = try owner(of: region, among: exercises, lines: lines, file: file)
            stubbed.insert(exercise.id)
            return [
                "\(region.indent)// YOUR CODE HERE (\(exercise.id), see \(exercise.doc))",
                "\(region.indent)\(exercise.stubStatement)",
            ]
        }
        if let missing = exercises.first(where: { !stubbed.contains($0.id) }) {
            throw CourseError.badMarkers(file: file, line: 1, reason: "exercise \(missing.id) has no \(beginSolution) region")
        }
        let importsWorkbook = result.split(separator: "\n").contains { $0.contains("import Workbook") }
        return (importsWorkbook ? result : "import Workbook\n" + result, count)
    }

    /// The stub of a file that holds one exercise.
    public static func stubbingSolutions(in text: String, for exercise: Exercise) throws -> (text: String, count: Int) {
        try stubbingSolutions(in: text, for: [exercise], file: exercise.file)
    }

    static func owner(of region: Region, among exercises: [Exercise], lines: [Substring], file: String) throws -> Exercise {
        if !region.label.isEmpty {
            guard let named = exercises.first(where: { $0.id == region.label }) else {
                throw CourseError.badMarkers(
                    file: file, line: region.begin + 1,
                    reason: "\(region.label) is not an exercise of this file (\(exercises.map(\.id).joined(separator: ", ")))")
            }
            return named
        }
        if exercises.count == 1 { return exercises[0] }
        for line in lines[..<region.begin].reversed() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("///") else { continue }
            let words = trimmed.dropFirst(3).split(separator: " ")
            if let first = words.first, let match = exercises.first(where: { $0.id == first }) { return match }
        }
        throw CourseError.badMarkers(
            file: file, line: region.begin + 1,
            reason: "cannot tell which exercise this region belongs to; write \(beginSolution) <id>")
    }

    /// `text` without its hidden-test regions (markers included).
    public static func removingHiddenTests(from text: String, file: String) throws -> (text: String, count: Int) {
        try replacingRegions(in: text, begin: beginHidden, end: endHidden, file: file) { _, _ in [] }
    }

    /// A file of a lesson's or project's test target: `Tests/M01Tests/...`. Only
    /// these have hidden tests; other test targets are released as they are.
    public static func isUnitTestFile(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[0] == "Tests", parts[1].hasSuffix("Tests") else { return false }
        return Course.isUnitID(String(parts[1].dropLast("Tests".count)))
    }

    /// A test file that is hidden as a whole: `Tests/M01Tests/.../*Hidden*.swift`.
    public static func isHiddenTestFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return isUnitTestFile(path) && name.hasSuffix(".swift") && name.contains("Hidden")
    }

    /// Whether a file holds a solution region at all.
    static func containsSolution(_ text: String) -> Bool {
        text.split(separator: "\n").contains { markerLabel($0.trimmingCharacters(in: .whitespaces), beginSolution) != nil }
    }
}
