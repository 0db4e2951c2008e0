import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E08")) struct M02_E08_Hidden {
    @Test func matchesTheLibraryOnRandomBoxes() throws {
        for seed in [81, 82, 83] as [UInt64] {
            let boxes = Random.withSeed(seed) { randomBoxes(40) }
            let scores = Random.withSeed(seed + 10) { Tensor.uniform([40], dtype: .float64) }
            for threshold in [0.0, 0.4, 0.7] {
                let keep = try nonMaximumSuppression(boxes: boxes, scores: scores, iouThreshold: threshold)
                try checkEqual(keep, ExerciseTwins.unwatched { nms(boxes: boxes, scores: scores, iouThreshold: threshold) }, "kept boxes")
            }
        }
    }

    @Test func equalBoxesKeepTheFirstOfEqualScores() throws {
        let boxes = Tensor([0, 0, 10, 10, 0, 0, 10, 10, 20, 20, 30, 30], shape: [3, 4], dtype: .float64)
        let keep = try nonMaximumSuppression(boxes: boxes, scores: Tensor([0.5, 0.5, 0.1], shape: [3], dtype: .float64), iouThreshold: 0.5)
        try checkEqual(keep, [0, 2], "kept of two equal boxes with equal scores")
        let all = try nonMaximumSuppression(boxes: boxes, scores: Tensor([0.2, 0.9, 0.1], shape: [3], dtype: .float64), iouThreshold: 1)
        try checkEqual(all, [1, 0, 2], "kept at IoU threshold 1 (IoU 1 is not greater than 1)")
    }
}
