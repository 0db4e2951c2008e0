import ExerciseTesting
import Testing
@testable import P01

@Suite(.exercise("P01-E03")) struct P01_E03 {
    @Test func weightsBalanceTheClasses() throws {
        #expect(try classWeights(labels: [0, 0, 0, 1], classes: 2) == [4.0 / 6, 2.0])
    }

    @Test func equalWeightsGiveThePlainMean() throws {
        let loss = try weightedCrossEntropy(logits: [[0, 0], [0, 0]], targets: [0, 1], weights: [1, 1])
        #expect(abs(loss - 0.693_147_180_559_945_3) < 1e-12)
    }
}
