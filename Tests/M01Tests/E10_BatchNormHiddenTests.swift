import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E10")) struct M01_E10_Hidden {
    @Test func backwardMatchesTorch() throws {
        let ref = try fixture("batch_norm")
        let grads = try batchNormBackward(ref.tensor("x"), gamma: ref.tensor("gamma"), gradOutput: ref.tensor("gradOutput"))
        try checkClose(grads.input, ref.tensor("gradInput"), rtol: 1e-8, atol: 1e-12, "∂L/∂x")
        try checkClose(grads.gamma, ref.tensor("gradGamma"), rtol: 1e-9, "∂L/∂γ")
        try checkClose(grads.beta, ref.tensor("gradBeta"), rtol: 1e-9, "∂L/∂β")
    }

    @Test func backwardMatchesFiniteDifferences() throws {
        try checkBatchNormBackward(rows: 6, features: 4, seed: 101)
    }
}
