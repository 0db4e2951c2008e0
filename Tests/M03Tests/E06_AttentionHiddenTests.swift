import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E06")) struct M03_E06_Hidden {
    @Test func causalMatchesPyTorch() throws {
        let f = try fixture("attention")
        let (q, k) = (try f.tensor("causalQuery"), try f.tensor("causalKey"))
        let causal = Tensor((0..<4).flatMap { i in (0..<4).map { j in j <= i ? 1.0 : 0.0 } }, shape: [4, 4], dtype: .float64)
        try checkClose(try attention(query: q, key: k, value: k, allowed: causal).output, try f.tensor("causalOutput"), "causal output")
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let (k, v) = (randomTensor([1, 4, 3], seed: 61), randomTensor([1, 4, 2], seed: 62))
        let allowed = Tensor([1, 1, 0, 1], shape: [1, 1, 4], dtype: .float64)
        try checkGradient(
            of: { try attention(query: $0, key: k, value: v, allowed: allowed).output },
            at: randomTensor([1, 3, 3], seed: 63), seed: randomTensor([1, 3, 2], seed: 64), "∂out/∂q")
        try checkGradient(
            of: { try attention(query: randomTensor([1, 3, 3], seed: 63), key: $0, value: v).output },
            at: k, seed: randomTensor([1, 3, 2], seed: 64), "∂out/∂k")
    }
}
