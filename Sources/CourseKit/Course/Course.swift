import Foundation

/// A course package on disk: the lessons and projects found under `Lessons/` and
/// `Projects/`, each with the exercises its `exercises.json` declares.
///
/// Nothing is built to read it: the manifests are plain JSON.
public struct Course: Sendable {
    /// The package root (the folder holding `Package.swift`).
    public let root: URL
    public let units: [CourseUnit]

    public var exercises: [Exercise] { units.flatMap(\.exercises) }
    public var exerciseUnits: [CourseUnit] { units.filter { !$0.exercises.isEmpty } }

    /// Reads every `Lessons/*/exercises.json` and `Projects/*/exercises.json` under `root`.
    public init(root: URL) throws {
        let root = root.standardizedFileURL
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) else {
            throw CourseError.notAPackage(root.path)
        }
        self.root = root
        var units: [CourseUnit] = []
        for (folder, kind) in [("Lessons", CourseUnit.Kind.lesson), ("Projects", .project)] {
            let dir = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() where Course.isUnitID(name) {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path, isDirectory: &isDir),
                    isDir.boolValue
                else { continue }
                units.append(try ExerciseManifest.loadUnit(id: name, kind: kind, folder: "\(folder)/\(name)", root: root))
            }
        }
        var seen = Set<String>()
        for exercise in units.flatMap(\.exercises) where !seen.insert(exercise.id).inserted {
            throw CourseError.duplicateExercise(exercise.id)
        }
        self.units = units
    }

    /// Walks up from `start` to the first folder that holds a `Package.swift`.
    public static func findRoot(from start: URL) throws -> URL {
        var dir = start.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { throw CourseError.notAPackage(start.path) }
            dir = parent
        }
    }

    public func unit(_ id: String) throws -> CourseUnit {
        guard let unit = units.first(where: { $0.id.lowercased() == id.lowercased() }) else {
            throw CourseError.unknownUnit(id, known: units.map(\.id))
        }
        return unit
    }

    /// The exercises whose source file is `path` (relative to the root).
    public func exercises(inFile path: String) -> [Exercise] {
        exercises.filter { $0.file == path }
    }

    /// The exercise source files, each once, in course order.
    public var exerciseFiles: [String] {
        var seen = Set<String>()
        return exercises.map(\.file).filter { seen.insert($0).inserted }
    }

    /// `M01`, `P07`: one capital letter and two digits.
    static func isUnitID(_ name: String) -> Bool {
        let chars = Array(name)
        return chars.count == 3 && chars[0].isUppercase && chars[0].isASCII
            && chars[1].isASCII && chars[1].isNumber && chars[2].isASCII && chars[2].isNumber
    }
}

/// Something wrong with the course's own files: reported to the instructor, never a crash.
public enum CourseError: Error, Equatable, CustomStringConvertible {
    case notAPackage(String)
    case unknownUnit(String, known: [String])
    case unreadableManifest(path: String, reason: String)
    case badExercise(manifest: String, reason: String)
    case duplicateExercise(String)
    case badMarkers(file: String, line: Int, reason: String)
    case solutionOutsideExercise(file: String)

    public var description: String {
        switch self {
        case .notAPackage(let path):
            return "\(path) is not inside a Swift package (no Package.swift found)"
        case let .unknownUnit(id, known):
            return "no lesson or project \(id); known: \(known.joined(separator: ", "))"
        case let .unreadableManifest(path, reason):
            return "\(path): \(reason)"
        case let .badExercise(manifest, reason):
            return "\(manifest): \(reason)"
        case .duplicateExercise(let id):
            return "exercise \(id) is declared twice"
        case let .badMarkers(file, line, reason):
            return "\(file):\(line): \(reason)"
        case .solutionOutsideExercise(let file):
            return "\(file) has a BEGIN SOLUTION region but is not an exercise file of any exercises.json"
        }
    }
}
