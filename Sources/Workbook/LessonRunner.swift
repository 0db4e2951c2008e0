import Foundation

/// One section of a runnable lesson: `swift run M01 --section 3` runs section 3.
public struct LessonSection {
    public let title: String
    public let run: (LessonContext) throws -> Void

    public init(_ title: String, run: @escaping (LessonContext) throws -> Void) {
        (self.title, self.run) = (title, run)
    }
}

/// What a section gets: where to write figures, and a way to call exercises
/// that may not be implemented yet.
public final class LessonContext {
    /// The folder that receives this lesson's figures (created on first use).
    public let outputDirectory: URL
    /// Figures written so far, in order.
    public private(set) var figures: [String] = []

    init(outputDirectory: URL) { self.outputDirectory = outputDirectory }

    /// Where the figure file named `name` goes, recorded for the closing summary.
    public func figureURL(_ name: String) throws -> URL {
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        let url = outputDirectory.appendingPathComponent(name)
        figures.append(url.path)
        return url
    }

    /// Runs an exercise's code; when it throws (for example "not implemented yet" in
    /// the student edition), prints why and returns nil so the lesson goes on.
    public func exercise<T>(_ id: String, _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch {
            print(Messages().skipped(id: id, reason: "\(error)"))
            return nil
        }
    }
}

/// Runs a lesson's sections from the command line:
///
///     swift run M01                 every section in order
///     swift run M01 --section 3     only section 3
///     swift run M01 --out DIR       figures go to DIR (default out/M01)
///     swift run M01 --lang zh       notes in Chinese (default: COURSE_LANG, then LANG)
///     swift run M01 --help          the list of sections
public func runLesson(id: String, title: String, sections: [LessonSection], arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Int32 {
    var selected: [Int] = []
    var output = "out/\(id)"
    var language: CourseLanguage?
    var args = arguments.makeIterator()
    let usage = "usage: swift run \(id) [--section N]... [--out DIR] [--lang en|zh]\n\n\(id) · \(title)\n" +
        sections.enumerated().map { "  \($0.offset + 1). \($0.element.title)" }.joined(separator: "\n")
    while let arg = args.next() {
        switch arg {
        case "--section", "-s":
            guard let value = args.next(), let n = Int(value), (1...sections.count).contains(n) else {
                printError("\(id): --section needs a number from 1 to \(sections.count)\n\n\(usage)")
                return 2
            }
            selected.append(n)
        case "--out", "-o":
            guard let value = args.next() else { printError("\(id): --out needs a folder\n\n\(usage)"); return 2 }
            output = value
        case "--lang":
            guard let value = args.next(), let chosen = CourseLanguage(rawValue: value) else {
                printError("\(id): --lang needs en or zh\n\n\(usage)")
                return 2
            }
            language = chosen
        case "--help", "-h", "--list":
            print(usage)
            return 0
        default:
            printError("\(id): unknown argument '\(arg)'\n\n\(usage)")
            return 2
        }
    }
    let context = LessonContext(outputDirectory: URL(fileURLWithPath: output, isDirectory: true))
    return CourseLanguage.$override.withValue(language ?? CourseLanguage.override) {
        run(sections, selected: selected, id: id, title: title, context: context)
    }
}

private func run(_ sections: [LessonSection], selected: [Int], id: String, title: String, context: LessonContext) -> Int32 {
    print("\(id) · \(title)")
    for (index, section) in sections.enumerated() where selected.isEmpty || selected.contains(index + 1) {
        let heading = "\(index + 1). \(section.title)"
        print("\n\(heading)\n\(String(repeating: "=", count: heading.count))")
        do {
            try section.run(context)
        } catch {
            printError("\(id) section \(index + 1) stopped: \(error)")
            return 1
        }
    }
    if !context.figures.isEmpty {
        print("\nFigures written to \(context.outputDirectory.path):")
        for path in context.figures { print("  \(path)") }
    }
    return 0
}

private func printError(_ text: String) {
    FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
}
