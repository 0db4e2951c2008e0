import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E03")) struct M02_E03_Hidden {
    @Test(arguments: [(1, 1), (2, 0)])
    func matchesFiniteDifferences(stride: Int, padding: Int) throws {
        let x = randomTensor([2, 2, 6, 5], seed: 31), w = randomTensor([3, 2, 3, 3], seed: 32), b = randomTensor([3], seed: 33)
        let (s, p) = (SpatialSize(stride), SpatialSize(padding))
        let g = randomTensor(ExerciseTwins.unwatched { conv2d(x, w, stride: s, padding: p) }.shape, seed: 34)
        let grads = try conv2dBackward(x, w, gradOutput: g, stride: stride, padding: padding)
        try checkGradient(of: { conv2d($0, w, bias: b, stride: s, padding: p) }, at: x, analytic: grads.input, seed: g, "∂L/∂x")
        try checkGradient(of: { conv2d(x, $0, bias: b, stride: s, padding: p) }, at: w, analytic: grads.weight, seed: g, "∂L/∂W")
        try checkGradient(of: { conv2d(x, w, bias: $0, stride: s, padding: p) }, at: b, analytic: grads.bias, seed: g, "∂L/∂b")
    }
}
