import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E01")) struct M02_E01 {
    @Test(arguments: ["conv2d", "conv2d_plain"])
    func matchesPyTorch(name: String) throws {
        let ref = try fixture(name)
        let y = try conv2dLoops(
            ref.tensor("x"), ref.tensor("weight"), bias: ref.tensor("bias"),
            stride: fixtureInt(ref, "stride"), padding: fixtureInt(ref, "padding"))
        try checkClose(y, ref.tensor("output"), rtol: 1e-10, atol: 1e-12, "conv2d output (\(name))")
    }
}
