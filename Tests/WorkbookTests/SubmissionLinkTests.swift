import Foundation
import Testing
@testable import CourseKit
@testable import Workbook

/// A submission whose `Lessons` folder is a link to a folder elsewhere (as a zip can hold):
/// nothing is read through it.
@Suite struct SubmissionLinkTests {
    @Test func aLinkedFolderOnThePathIsNotFollowed() throws {
        let course = try Course(root: sampleCourseSource)
        let folder = try temporaryFolder("links")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outside = folder.appendingPathComponent("outside"), submission = folder.appendingPathComponent("alice")
        try write(Dictionary(uniqueKeysWithValues: course.exerciseFiles.map { ($0, "// read from outside the submission\n") }), under: outside)
        try FileManager.default.createDirectory(at: submission, withIntermediateDirectories: true)
        let top = try #require(course.exerciseFiles.first?.split(separator: "/").first.map(String.init))
        try FileManager.default.createSymbolicLink(at: submission.appendingPathComponent(top), withDestinationURL: outside.appendingPathComponent(top))
        let loaded = try Submission.load(submission, course: course, scratch: folder.appendingPathComponent("scratch"))
        #expect(loaded.exerciseFiles.isEmpty)
        #expect(loaded.notes.contains { $0.contains("a link") })
    }
}
