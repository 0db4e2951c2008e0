import ExerciseTesting
import Testing
@testable import P03

@Suite(.exercise("P03-E07")) struct P03_E07 {
    @Test func kittenSitting() throws {
        #expect(try editDistance("kitten", "sitting") == 3)
        #expect(try editDistance("", "abc") == 3)
    }

    @Test func accuracyIsOneMinusTheMeanNormalisedDistance() throws {
        let accuracy = try characterAccuracy(predicted: ["total 12.00", "合汁"], truth: ["total 12.00", "合计"])
        #expect(abs(accuracy - (1 - (0 + 0.5) / 2)) < 1e-12)
    }
}
