import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P04

@Suite(.exercise("P04-E01")) struct P04_E01_Hidden {
    /// Against the Cityscapes-style numpy computation (bincount matrix, nanmean) and the library's ConfusionMatrix.
    @Test func matchesTheReferenceComputation() throws {
        let f = try p04Fixture()
        let (targets, predictions) = (try f.values("miou.targets").map { Int($0) }, try f.values("miou.predictions").map { Int($0) })
        let counts = try confusionCounts(predictions: predictions, targets: targets, classes: 6)
        try checkEqual(counts.flatMap { $0 }, try f.values("miou.matrix").map { Int($0) }, "confusion matrix")
        let (perClass, mean) = try meanIoU(counts)
        try checkClose(perClass, try f.values("miou.iou").map { $0 < 0 ? .nan : $0 }, rtol: 1e-12, atol: 0, "IoU per class (NaN for the absent class)")
        try checkClose([mean], try f.values("miou.mean"), rtol: 1e-12, atol: 0, "mIoU")
        let library = ExerciseTwins.unwatched {
            var matrix = ConfusionMatrix(classes: 6)
            matrix.add(predictions: predictions, targets: targets, ignoreIndex: 255)
            return matrix
        }
        try checkClose([mean], [library.meanIoU], rtol: 1e-12, atol: 0, "mIoU against ConfusionMatrix")
    }
}
