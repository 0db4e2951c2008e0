import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E05")) struct M02_E05_Hidden {
    @Test func matchesTheLibraryLayer() throws {
        let x = randomTensor([3, 2, 4, 5], seed: 51, scale: 3), gamma = randomTensor([2], seed: 52), beta = randomTensor([2], seed: 53)
        let layer = BatchNorm2d(2)
        layer.weight!.assign(gamma.to(.float32))
        layer.bias!.assign(beta.to(.float32))
        let y = try batchNorm2dForward(x, gamma: gamma, beta: beta).output
        try checkClose(y.to(.float32), ExerciseTwins.unwatched { layer(x.to(.float32)) }, rtol: 1e-4, atol: 1e-5, "output vs BatchNorm2d in training mode")
    }

    @Test func aConstantChannelBecomesBeta() throws {
        let x = Tensor.full([2, 1, 3, 3], 4.5, dtype: .float64)
        let y = try batchNorm2dForward(x, gamma: Tensor([2], shape: [1], dtype: .float64), beta: Tensor([0.25], shape: [1], dtype: .float64)).output
        try checkClose(y, Tensor.full([2, 1, 3, 3], 0.25, dtype: .float64), rtol: 1e-9, atol: 1e-9, "output of a constant channel")
    }
}
