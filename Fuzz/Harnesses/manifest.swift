// Any bytes as a lesson's exercises.json.
import Foundation
@testable import CourseKit

let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fuzz-manifest-\(getpid())")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let folder = root.appendingPathComponent("Lessons/M01")
    try! FileManager.default.createDirectory(at: folder.appendingPathComponent("Exercises"), withIntermediateDirectories: true)
    try! Data(bytes: start, count: count).write(to: folder.appendingPathComponent("exercises.json"))
    _ = try? ExerciseManifest.loadUnit(id: "M01", kind: .lesson, folder: "Lessons/M01", root: root)
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        try Data(#"{"title": "Foundations", "exercises": [{"id": "M01-E01", "title": "t", "points": 2, "file": "Exercises/E01.swift"}]}"#.utf8)
            .write(to: folder.appendingPathComponent("exercises.json"))
    }
}
