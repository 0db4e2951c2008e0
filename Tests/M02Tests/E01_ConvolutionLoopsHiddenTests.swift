import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E01")) struct M02_E01_Hidden {
    @Test(arguments: [(1, 0), (2, 2), (3, 1)])
    func matchesTheLibrary(stride: Int, padding: Int) throws {
        let x = randomTensor([2, 3, 9, 8], seed: 11), w = randomTensor([5, 3, 3, 2], seed: 12), b = randomTensor([5], seed: 13)
        let expected = ExerciseTwins.unwatched { conv2d(x, w, bias: b, stride: SpatialSize(stride), padding: SpatialSize(padding)) }
        try checkClose(
            try conv2dLoops(x, w, bias: b, stride: stride, padding: padding), expected, rtol: 1e-10, atol: 1e-12,
            "conv2d with stride \(stride), padding \(padding), non-square kernel")
        try checkClose(
            try conv2dLoops(x, w, stride: stride, padding: padding),
            ExerciseTwins.unwatched { conv2d(x, w, stride: SpatialSize(stride), padding: SpatialSize(padding)) },
            rtol: 1e-10, atol: 1e-12, "conv2d without bias")
    }
}
