import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E03")) struct P06_E03_Hidden {
    @Test func matchesTheLibrarysCrossEntropyWithIgnoredPadding() throws {
        var g = Generator(seed: 3)
        let logits = (0..<6).map { _ in (0..<5).map { _ in g.normal() * 2 } }
        let targets = [1, 0, 4, 0, 2, 3]
        let reference = ExerciseTwins.unwatched {
            crossEntropy(
                Tensor(logits.flatMap { $0 }, shape: [6, 5], dtype: .float64), Tensor(ints: targets),
                ignoreIndex: 0, labelSmoothing: 0.1
            ).item
        }
        try checkClose(
            [try labelSmoothedCrossEntropy(logits: logits, targets: targets, smoothing: 0.1, padId: 0)], [reference],
            rtol: 0, atol: 1e-9, "loss")
        try checkClose(
            [try labelSmoothedCrossEntropy(logits: logits, targets: [0, 0, 0, 0, 0, 0], smoothing: 0.1, padId: 0)], [0],
            rtol: 0, atol: 0, "loss over padding only")
    }
}
