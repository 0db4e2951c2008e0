import DeepLearning
import Testing
import Workbook
@testable import M01

@Suite struct M01_E10_Hidden {
    @Test func backwardMatchesTorch() throws {
        let ref = try fixture("batch_norm")
        let grads = try batchNormBackward(ref.tensor("x"), gamma: ref.tensor("gamma"), gradOutput: ref.tensor("gradOutput"))
        try checkClose(grads.input, ref.tensor("gradInput"), rtol: 1e-8, atol: 1e-12, "∂L/∂x")
        try checkClose(grads.gamma, ref.tensor("gradGamma"), rtol: 1e-9, "∂L/∂γ")
        try checkClose(grads.beta, ref.tensor("gradBeta"), rtol: 1e-9, "∂L/∂β")
    }

    @Test func backwardMatchesFiniteDifferences() throws {
        let x = randomTensor([6, 4], seed: 101, scale: 2), gamma = randomTensor([4], seed: 102), beta = randomTensor([4], seed: 103)
        let seed = randomTensor([6, 4], seed: 104)
        let state = BatchNormState(runningMean: Tensor.zeros([4], dtype: .float64), runningVar: Tensor.ones([4], dtype: .float64))
        let grads = try batchNormBackward(x, gamma: gamma, gradOutput: seed)
        try checkGradient(of: { try batchNormForward($0, gamma: gamma, beta: beta, state: state, training: true).output },
                          at: x, analytic: grads.input, seed: seed, "∂L/∂x")
        try checkGradient(of: { try batchNormForward(x, gamma: $0, beta: beta, state: state, training: true).output },
                          at: gamma, analytic: grads.gamma, seed: seed, "∂L/∂γ")
    }
}
