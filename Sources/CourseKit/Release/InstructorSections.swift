import Foundation

/// The parts of the course's Markdown pages that only instructors read.
///
/// A page shared by both editions (the README, the glossary) marks its
/// instructor-only parts with HTML comments, each on a line of its own:
/// ```markdown
/// <!-- BEGIN INSTRUCTOR -->
/// ## For instructors
/// See [Instructors](Docs/Instructors.md) ...
/// <!-- END INSTRUCTOR -->
/// ```
/// The student edition drops those regions, and then no page it ships may link
/// to a file it leaves out: such a link would be dead for every student.
public enum InstructorSections {
    public static let begin = "<!-- BEGIN INSTRUCTOR -->"
    public static let end = "<!-- END INSTRUCTOR -->"

    /// `text` without its instructor-only regions (markers included).
    public static func removing(from text: String, file: String) throws -> (text: String, count: Int) {
        try Markers.replacingRegions(in: text, begin: begin, end: end, file: file) { _, _ in [] }
    }

    /// The repository paths that the relative links of a page at `file` point to
    /// (`[x](Instructors.md#grade)` in `Docs/Glossary.md` -> `Docs/Instructors.md`).
    /// Web links and anchors within the page are not paths.
    public static func linkedPaths(in text: String, file: String) -> [String] {
        let folder = file.split(separator: "/").dropLast().map(String.init)
        return links(in: text).compactMap { target in
            let path = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !path.isEmpty, !path.contains(":"), !path.hasPrefix("/") else { return nil }
            var parts = folder
            for part in path.split(separator: "/") {
                switch part {
                case ".": continue
                case "..": if parts.popLast() == nil { return nil }
                default: parts.append(String(part))
                }
            }
            return parts.joined(separator: "/")
        }
    }

    /// The targets of the inline links `[text](target)` and images `![alt](target)`.
    static func links(in text: String) -> [String] {
        let range = NSRange(text.startIndex..., in: text)
        return linkPattern.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    private static let linkPattern = try! NSRegularExpression(pattern: #"\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)"#)
}
