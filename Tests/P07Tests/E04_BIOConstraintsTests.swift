import ExerciseTesting
import Testing
@testable import P07

@Suite(.exercise("P07-E04")) struct P07_E04 {
    @Test func anEntityBeginsWithB() throws {
        let rules = try bioConstraints(labels: ["O", "B-PER", "I-PER"])
        #expect(rules.start == [true, true, false])
        #expect(rules.transitions == [[true, true, false], [true, true, true], [true, true, true]])
    }
}
