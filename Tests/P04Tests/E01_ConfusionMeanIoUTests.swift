import ExerciseTesting
import Testing
@testable import P04

@Suite(.exercise("P04-E01")) struct P04_E01 {
    @Test func countsSkipIgnoredPixels() throws {
        let counts = try confusionCounts(predictions: [0, 1, 1, 0, 1], targets: [0, 1, 0, 255, 1], classes: 2)
        #expect(counts == [[1, 1], [0, 2]])
    }

    @Test func absentClassesAreLeftOutOfTheMean() throws {
        let (perClass, mean) = try meanIoU([[1, 1, 0], [0, 2, 0], [0, 0, 0]])
        #expect(abs(perClass[0] - 0.5) < 1e-12 && abs(perClass[1] - 2.0 / 3) < 1e-12 && perClass[2].isNaN)
        #expect(abs(mean - (0.5 + 2.0 / 3) / 2) < 1e-12)
    }
}
