import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E02")) struct M02_E02_Hidden {
    @Test(arguments: [(3, 1, 0), (2, 2, 1), (5, 1, 2)])
    func convolutionByMatrixProductMatchesTheLibrary(kernel: Int, stride: Int, padding: Int) throws {
        let x = randomTensor([2, 3, 7, 9], seed: 21), w = randomTensor([4, 3, kernel, kernel], seed: 22)
        try checkClose(
            try conv2dByIm2col(x, w, stride: stride, padding: padding),
            ExerciseTwins.unwatched { conv2d(x, w, stride: SpatialSize(stride), padding: SpatialSize(padding)) }, rtol: 1e-10, atol: 1e-12,
            "im2col + matmul, kernel \(kernel), stride \(stride), padding \(padding)")
    }
}
