import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E06")) struct M02_E06 {
    @Test func shapesAndParameterCounts() throws {
        let same = try ResidualBlock(inChannels: 16, outChannels: 16)
        let down = try ResidualBlock(inChannels: 16, outChannels: 32, stride: 2)
        let x = Tensor.randn([2, 16, 8, 8])
        #expect(same(x).shape == [2, 16, 8, 8], "a block that keeps the shape")
        #expect(down(x).shape == [2, 32, 4, 4], "a block with stride 2 and twice the channels")
        // Two 3×3 convolutions without bias, two batch norms (γ and β); plus a 1×1 projection and its batch norm.
        #expect(same.parameterCount == 2 * 16 * 16 * 9 + 4 * 16)
        #expect(down.parameterCount == 16 * 32 * 9 + 32 * 32 * 9 + 4 * 32 + 16 * 32 + 2 * 32)
        #expect(same.shortcut == nil, "the identity shortcut has no layers")
    }
}
