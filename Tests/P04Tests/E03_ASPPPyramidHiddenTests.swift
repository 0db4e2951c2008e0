import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P04

@Suite(.exercise("P04-E03")) struct P04_E03_Hidden {
    /// The pyramid of DeepLabv3+'s ASPP (rates 6, 12, 18 at 256 channels on a 1/16 map).
    @Test func matchesTheModelsPyramid() throws {
        Random.seed(3)
        let aspp = ASPP(inChannels: 32, channels: 16)
        aspp.eval()
        let x = Tensor.randn([2, 32, 8, 16])
        let got = try noGrad { try asppPyramid(x, branches: aspp.branches, pooling: aspp.pooling) }
        let expected = ExerciseTwins.unwatched { noGrad { pyramid(x, branches: aspp.branches, pooling: aspp.pooling) } }
        try checkClose(got, expected, rtol: 1e-5, atol: 1e-6, "ASPP pyramid")
    }
}
