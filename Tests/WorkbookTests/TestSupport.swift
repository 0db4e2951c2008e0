import Foundation
@testable import CourseKit
@testable import Workbook

/// The sample course shipped with these tests (a complete mini package).
let sampleCourseSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("SampleCourse")

/// A fresh temporary folder.
func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-tests-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `files` (relative path -> text) under `root`.
func write(_ files: [String: String], under root: URL) throws {
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}

func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

/// An exercise for tests that need one without a course on disk.
func sampleExercise(id: String = "M01-E03", title: String = "softmax backward") -> Exercise {
    Exercise(
        id: id, title: title, points: 3, file: "Lessons/M01/Exercises/E03_SoftmaxBackward.swift",
        doc: "Docs/M01.md#m01-e03", unit: "M01")
}
