import ExerciseTesting
import Foundation
import Testing
@testable import P04

@Suite(.exercise("P04-E06")) struct P04_E06 {
    @Test func keepsOnlyHardPixels() throws {
        // True-class probabilities 0.5, about 0.88 and 0.5; threshold 0.7 keeps the two at 0.5.
        let (loss, kept) = try ohemCrossEntropy(logits: [[0, 0], [2, 0], [0, 0], [5, 0]], targets: [0, 0, 1, 255], threshold: 0.7, minKept: 1)
        #expect(kept == 2)
        #expect(abs(loss - log(2.0)) < 1e-12)
    }
}
