import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E01")) struct M03_E01_Hidden {
    /// The loss as a tensor function, for finite differences.
    private func loss(_ v: Tensor, _ u: Tensor, _ n: Tensor) -> Tensor {
        softplus(-(u * v).sum()) + softplus(n.matmul(v.unsqueeze(axis: 1))).sum()
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let (v, u, n) = (randomTensor([7], seed: 11), randomTensor([7], seed: 12), randomTensor([3, 7], seed: 13))
        let got = try skipGramNegativeSampling(center: v, context: u, negatives: n)
        try checkClose([got.loss], [loss(v, u, n).item], rtol: 0, atol: 1e-12, "loss")
        try checkGradient(of: { loss($0, u, n) }, at: v, analytic: got.center, "∂L/∂v")
        try checkGradient(of: { loss(v, $0, n) }, at: u, analytic: got.context, "∂L/∂u_o")
        try checkGradient(of: { loss(v, u, $0) }, at: n, analytic: got.negatives, "∂L/∂u_k")
    }
}
