import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E03")) struct P06_E03 {
    @Test func withoutSmoothingItIsCrossEntropy() throws {
        let loss = try labelSmoothedCrossEntropy(logits: [[0, 0]], targets: [1], smoothing: 0, padId: -1)
        #expect(abs(loss - log(2)) < 1e-12)
    }
}
