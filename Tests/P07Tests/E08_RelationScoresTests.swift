import ExerciseTesting
import Testing
@testable import P07

@Suite(.exercise("P07-E08")) struct P07_E08 {
    /// Relation 1 right twice, relation 2 predicted for a no_relation pair, relation 3 missed.
    @Test func handCounted() throws {
        let scores = try relationScores(truth: [1, 1, 0, 3], predicted: [1, 1, 2, 0], relations: [1, 2, 3])
        #expect(scores.micro.precision == 2.0 / 3 && scores.micro.recall == 2.0 / 3)
        #expect(scores.perRelation.map(\.f1) == [1, 0, 0])
        #expect(abs(scores.macro.f1 - 1.0 / 3) < 1e-12)
    }
}
