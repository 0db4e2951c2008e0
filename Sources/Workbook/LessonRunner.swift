import ArgumentParser
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
    /// The names of the figures written so far, in order (files in `outputDirectory`).
    public private(set) var figures: [String] = []

    init(outputDirectory: URL) { self.outputDirectory = outputDirectory }

    /// Where the figure file named `name` goes, recorded for the closing summary.
    public func figureURL(_ name: String) throws -> URL {
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        let url = outputDirectory.appendingPathComponent(name)
        figures.append(name)
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

/// A lesson's command line, read by swift-argument-parser like every command of the course.
struct LessonOptions: ParsableCommand {
    /// The name help and errors show (`swift run M01`), set while one lesson parses its arguments.
    @TaskLocal static var commandName = "lesson"
    static var configuration: CommandConfiguration { CommandConfiguration(commandName: commandName) }

    @Option(name: .shortAndLong, help: ArgumentHelp("Run only section N (repeatable).", valueName: "N"))
    var section: [Int] = []
    @Option(name: .shortAndLong, help: ArgumentHelp("The folder for figures (default out/<lesson>).", valueName: "DIR"))
    var out: String?
    @Option(help: "The language of the notes, en or zh (default: COURSE_LANG, then LANG).")
    var lang: CourseLanguage?
    @Flag(help: "List the sections and stop.")
    var list = false
}

extension CourseLanguage: ExpressibleByArgument {}

/// Runs a lesson's sections from the command line:
///
///     swift run M01                 every section in order
///     swift run M01 --section 3     only section 3
///     swift run M01 --out DIR       figures go to DIR (default out/M01)
///     swift run M01 --lang zh       notes in Chinese (default: COURSE_LANG, then LANG)
///     swift run M01 --list          the list of sections (--help: the options too)
public func runLesson(id: String, title: String, sections: [LessonSection], arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Int32 {
    let contents = "\(id) · \(title)\n" + sections.enumerated().map { "  \($0.offset + 1). \($0.element.title)" }.joined(separator: "\n")
    var failure = ExitCode.success
    let parsed = LessonOptions.$commandName.withValue("swift run \(id)") { () -> LessonOptions? in
        do { return try LessonOptions.parse(arguments) } catch {
            // --help lands here too, as a clean exit with the help text.
            failure = LessonOptions.exitCode(for: error)
            let message = LessonOptions.fullMessage(for: error)
            if failure == .success { print("\(message)\n\n\(contents)") } else { printError("\(message)\n\n\(contents)") }
            return nil
        }
    }
    guard let options = parsed else { return failure.rawValue }
    if options.list {
        print(contents)
        return 0
    }
    if let wrong = options.section.first(where: { !(1...sections.count).contains($0) }) {
        printError("\(id): there is no section \(wrong); --section takes a number from 1 to \(sections.count)\n\n\(contents)")
        return ExitCode.validationFailure.rawValue
    }
    let context = LessonContext(outputDirectory: URL(fileURLWithPath: options.out ?? "out/\(id)", isDirectory: true))
    return CourseLanguage.$override.withValue(options.lang ?? CourseLanguage.override) {
        run(sections, selected: options.section, id: id, title: title, context: context)
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
        // The folder as the learner typed it (out/M01 by default).
        print("\nFigures written to \(context.outputDirectory.relativePath):")
        for name in context.figures { print("  \(name)") }
    }
    return 0
}

private func printError(_ text: String) {
    FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
}
