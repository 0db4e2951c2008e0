import DeepLearning
import ExerciseTesting
import Testing
@testable import P04

@Suite(.exercise("P04-E03")) struct P04_E03 {
    @Test func concatenatesBranchesAndPooling() throws {
        let aspp = ASPP(inChannels: 8, channels: 4, rates: [1, 2])
        aspp.eval()
        let y = try noGrad { try asppPyramid(Tensor.randn([2, 8, 5, 6]), branches: aspp.branches, pooling: aspp.pooling) }
        #expect(y.shape == [2, 16, 5, 6])
    }
}
