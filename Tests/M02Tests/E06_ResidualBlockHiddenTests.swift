import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E06")) struct M02_E06_Hidden {
    @Test func isTheIdentityWhenTheLastGammaIsZero() throws {
        let block = try ResidualBlock(inChannels: 8, outChannels: 8)
        let norms = block.body.modules().compactMap { $0 as? BatchNorm2d }
        try #require(norms.count == 2, "the body has two batch norms")
        norms[1].weight!.fill(0)
        let x = Random.withSeed(61) { Tensor.randn([3, 8, 5, 5]).relu() }
        try checkClose(block(x), x, rtol: 0, atol: 1e-6, "block(x) with γ = 0 in the last batch norm, x ≥ 0")
        block.eval()
        try checkClose(block(x), x, rtol: 0, atol: 1e-6, "the same in evaluation mode")
    }

    @Test func theProjectionMatchesTheLayoutOfResNet() throws {
        let block = try ResidualBlock(inChannels: 64, outChannels: 128, stride: 2)
        let shortcut = try #require(block.shortcut)
        let conv = try #require(shortcut.layers.first as? Conv2d)
        try checkEqual(conv.kernelSize + conv.stride + [conv.bias == nil ? 0 : 1], [1, 1, 2, 2, 0], "the projection's kernel, stride and bias")
        try checkEqual([block.parameterCount], [230_144], "parameters (torchvision's resnet18 layer2.0 has 230,144)")
        let first = try #require(block.body.layers.first as? Conv2d)
        try checkEqual(first.stride + first.padding + [first.bias == nil ? 0 : 1], [2, 2, 1, 1, 0], "the first convolution's stride, padding and bias")
    }
}
