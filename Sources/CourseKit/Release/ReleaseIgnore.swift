import Foundation

/// The instructor-only paths of a course, listed in `.releaseignore` at the
/// package root, one pattern a line (`#` starts a comment):
///
/// ```
/// .ci/                      # a folder (trailing slash), anywhere its path starts
/// scripts/grading/
/// Tests/*/Fixtures/*.py     # * matches within one path segment, ** across segments
/// NOTES-instructor.md       # a pattern without / matches that name in any folder
/// ```
/// `.releaseignore` itself is never released.
public struct ReleaseIgnore: Sendable {
    public static let fileName = ".releaseignore"
    private let patterns: [GlobPattern]

    public init(text: String) {
        patterns = text.split(separator: "\n").compactMap { raw in
            let line = (raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: .whitespaces)
            return line.isEmpty ? nil : GlobPattern(glob: line)
        }
    }

    public init(root: URL) {
        let text = (try? String(contentsOf: root.appendingPathComponent(Self.fileName), encoding: .utf8)) ?? ""
        self.init(text: text)
    }

    /// Whether `path` (relative; folders end in `/`) stays out of the student edition.
    public func ignores(_ path: String) -> Bool {
        if path == Self.fileName { return true }
        return patterns.contains { $0.matches(path) }
    }
}

/// A glob compiled to an anchored regular expression.
struct GlobPattern: @unchecked Sendable {
    let regex: NSRegularExpression

    init?(glob: String) {
        let isFolder = glob.hasSuffix("/")
        var body = glob
        if isFolder { body.removeLast() }
        let anywhere = !body.contains("/")
        if body.hasPrefix("/") { body.removeFirst() }
        var pattern = ""
        var chars = Array(body)[...]
        while let c = chars.popFirst() {
            switch c {
            case "*" where chars.first == "*":
                chars.removeFirst()
                if chars.first == "/" { chars.removeFirst(); pattern += "(?:.*/)?" } else { pattern += ".*" }
            case "*": pattern += "[^/]*"
            case "?": pattern += "[^/]"
            default: pattern += NSRegularExpression.escapedPattern(for: String(c))
            }
        }
        let prefix = anywhere ? "(?:.*/)?" : ""
        // A folder pattern matches the folder itself ("x/") and everything below it.
        let suffix = isFolder ? "/.*" : "(?:/.*)?"
        guard let regex = try? NSRegularExpression(pattern: "^\(prefix)\(pattern)\(suffix)$") else { return nil }
        self.regex = regex
    }

    func matches(_ path: String) -> Bool {
        regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
    }
}
