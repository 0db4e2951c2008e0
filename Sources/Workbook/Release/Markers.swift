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
    }

    /// The regions between `begin` and `end` markers in `lines`; unbalanced or
    /// nested markers are an error that names the file and line.
    public static func regions(in lines: [Substring], begin: String, end: String, file: String) throws -> [Region] {
        var regions: [Region] = []
        var open: (line: Int, indent: String)?
        for (number, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == begin {
                if let open { throw CourseError.badMarkers(file: file, line: number + 1, reason: "\(begin) inside the region opened at line \(open.line + 1)") }
                open = (number, String(line.prefix { $0 == " " || $0 == "\t" }))
            } else if trimmed == end {
                guard let region = open else { throw CourseError.badMarkers(file: file, line: number + 1, reason: "\(end) without \(begin)") }
                regions.append(Region(begin: region.line, end: number, indent: region.indent))
                open = nil
            } else if trimmed.hasPrefix(begin) || trimmed.hasPrefix(end) {
                throw CourseError.badMarkers(file: file, line: number + 1, reason: "a marker must be alone on its line: \(trimmed)")
            }
        }
        if let open { throw CourseError.badMarkers(file: file, line: open.line + 1, reason: "\(begin) is never closed by \(end)") }
        return regions
    }

    /// `text` with every region between the markers replaced by `replacement(indent)` lines.
    static func replacingRegions(in text: String, begin: String, end: String, file: String,
                                 with replacement: (String) -> [String]) throws -> (text: String, count: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let found = try regions(in: lines, begin: begin, end: end, file: file)
        guard !found.isEmpty else { return (text, 0) }
        var out: [String] = []
        var next = 0
        for region in found {
            out += lines[next..<region.begin].map(String.init)
            out += replacement(region.indent)
            next = region.end + 1
        }
        out += lines[next...].map(String.init)
        return (out.joined(separator: "\n"), found.count)
    }

    /// The student edition of an exercise file: each solution region becomes a stub
    /// that throws `ExerciseError.notImplemented` for `exercise`; `import Workbook` is
    /// added when the file does not import it already.
    public static func stubbingSolutions(in text: String, for exercise: Exercise) throws -> (text: String, count: Int) {
        let (stubbed, count) = try replacingRegions(in: text, begin: beginSolution, end: endSolution, file: exercise.file) { indent in
            ["\(indent)// YOUR CODE HERE (\(exercise.id), see \(exercise.doc))",
             "\(indent)\(exercise.stubStatement)"]
        }
        guard count > 0 else {
            throw CourseError.badMarkers(file: exercise.file, line: 1, reason: "exercise \(exercise.id) has no \(beginSolution) region")
        }
        let importsWorkbook = stubbed.split(separator: "\n").contains { $0.contains("import Workbook") }
        return (importsWorkbook ? stubbed : "import Workbook\n" + stubbed, count)
    }

    /// `text` without its hidden-test regions (markers included).
    public static func removingHiddenTests(from text: String, file: String) throws -> (text: String, count: Int) {
        try replacingRegions(in: text, begin: beginHidden, end: endHidden, file: file) { _ in [] }
    }

    /// A test file that is hidden as a whole: `Tests/.../*Hidden*.swift`.
    public static func isHiddenTestFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return path.hasPrefix("Tests/") && name.hasSuffix(".swift") && name.contains("Hidden")
    }

    /// Whether a file holds a solution region at all.
    static func containsSolution(_ text: String) -> Bool {
        text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == beginSolution }
    }
}
