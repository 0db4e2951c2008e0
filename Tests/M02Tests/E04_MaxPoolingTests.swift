import DeepLearning
import Testing
import Workbook
@testable import M02

@Suite struct M02_E04 {
    @Test(arguments: ["max_pool", "max_pool_overlap"])
    func forwardAndBackwardMatchPyTorch(name: String) throws {
        let ref = try fixture(name)
        let (x, k, s) = (try ref.tensor("x"), try fixtureInt(ref, "kernel"), try fixtureInt(ref, "stride"))
        try checkClose(try maxPool2d(x, kernelSize: k, stride: s), ref.tensor("output"), rtol: 0, atol: 0, "max pool output (\(name))")
        try checkClose(try maxPool2d(x, kernelSize: k, stride: s, gradOutput: ref.tensor("gradOutput")), ref.tensor("gradInput"),
                       rtol: 1e-12, atol: 1e-14, "∂L/∂x (\(name))")
    }
}
