import ExerciseTesting
import Testing
@testable import P07

@Suite(.exercise("P07-E01")) struct P07_E01 {
    @Test func convertsEachPrefix() throws {
        #expect(try bmesToBIO(["B-ORG", "M-ORG", "E-ORG", "O", "S-PER"]) == ["B-ORG", "I-ORG", "I-ORG", "O", "B-PER"])
    }
}
