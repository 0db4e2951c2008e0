import Testing
@testable import Vision

@Test func visionBuilds() { #expect(Bool(true)) }
