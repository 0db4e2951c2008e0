import Testing
@testable import Text

@Test func textBuilds() { #expect(Bool(true)) }
