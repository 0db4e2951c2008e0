import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E07")) struct M02_E07_Hidden {
    @Test func handValuesAndEdgeCases() throws {
        let a = Tensor([0, 0, 2, 2, 0, 0, 0, 0], shape: [2, 4], dtype: .float64)
        let b = Tensor([1, 1, 3, 3, 2, 0, 4, 2, 0, 0, 0, 0], shape: [3, 4], dtype: .float64)
        // overlap 1 of union 7; touching edges: 0; an empty box: 0 (never NaN).
        try checkClose(try iouMatrix(a, b).doubles, [1.0 / 7, 0, 0, 0, 0, 0], shape: [2, 3], rtol: 1e-12, "IoU of hand-made boxes")
    }

    @Test func matchesTheLibrary() throws {
        let a = Random.withSeed(71) { randomBoxes(9) }, b = Random.withSeed(72) { randomBoxes(4) }
        try checkClose(try iouMatrix(a, b), ExerciseTwins.unwatched { pairwiseBoxIoU(a, b) }, rtol: 1e-9, atol: 1e-12, "IoU of random boxes")
    }
}
