import Testing
@testable import NN
@Test func nnBuilds() { #expect(Bool(true)) }
