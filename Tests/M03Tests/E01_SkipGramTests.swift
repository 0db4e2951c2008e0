import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E01")) struct M03_E01 {
    @Test func matchesPyTorch() throws {
        let f = try fixture("skip_gram")
        let got = try skipGramNegativeSampling(center: try f.tensor("center"), context: try f.tensor("context"), negatives: try f.tensor("negatives"))
        try checkClose([got.loss], try f.values("loss"), shape: [], "loss")
        try checkClose(got.center, try f.tensor("gradCenter"), "∂L/∂v")
        try checkClose(got.context, try f.tensor("gradContext"), "∂L/∂u_o")
        try checkClose(got.negatives, try f.tensor("gradNegatives"), "∂L/∂u_k")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M03_E01 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        func loss(_ v: Tensor, _ u: Tensor, _ n: Tensor) -> Tensor {
            softplus(-(u * v).sum()) + softplus(n.matmul(v.unsqueeze(axis: 1))).sum()
        }
        let (v, u, n) = (randomTensor([5], seed: 3011), randomTensor([5], seed: 3012), randomTensor([2, 5], seed: 3013))
        let got = try skipGramNegativeSampling(center: v, context: u, negatives: n)
        try checkGradient(of: { loss($0, u, n) }, at: v, analytic: got.center, "∂L/∂v")
        try checkGradient(of: { loss(v, $0, n) }, at: u, analytic: got.context, "∂L/∂u_o")
        try checkGradient(of: { loss(v, u, $0) }, at: n, analytic: got.negatives, "∂L/∂u_k")
    }
}
