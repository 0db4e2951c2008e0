import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E04")) struct M02_E04_Hidden {
    @Test func backwardMatchesFiniteDifferences() throws {
        let x = randomTensor([2, 2, 7, 6], seed: 41), g = randomTensor([2, 2, 3, 2], seed: 42)
        let grad = try maxPool2d(x, kernelSize: 3, stride: 2, gradOutput: g)
        try checkGradient(of: { try maxPool2d($0, kernelSize: 3, stride: 2) }, at: x, analytic: grad, seed: g, tolerance: 1e-5, h: 1e-6, "∂L/∂x")
    }

    @Test func tiesSendTheGradientToTheFirstMaximum() throws {
        let x = Tensor([1, 3, 3, 0, 2, 3, 3, 1], shape: [1, 2, 2, 2], dtype: .float64)
        let grad = try maxPool2d(x, kernelSize: 2, stride: 2, gradOutput: Tensor([1, 1], shape: [1, 2, 1, 1], dtype: .float64))
        try checkClose(grad.doubles, [0, 1, 0, 0, 0, 1, 0, 0], shape: [8], rtol: 0, "gradient with tied maxima")
        try checkClose(try maxPool2d(x, kernelSize: 2, stride: 2).doubles, [3, 3], shape: [2], rtol: 0, "output with tied maxima")
    }
}
