import DeepLearning
import ExerciseTesting
import Testing
@testable import P07

@Suite(.exercise("P07-E05")) struct P07_E05 {
    @Test func theDocExample() throws {
        let found = try strictIOB2Entities(["B-PER", "I-PER", "I-LOC", "O", "I-ORG", "B-LOC"])
        #expect(found == [Entity(type: "PER", start: 0, end: 1), Entity(type: "LOC", start: 5, end: 5)])
    }
}
