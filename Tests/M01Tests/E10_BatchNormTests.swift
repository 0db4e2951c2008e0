import DeepLearning
import Testing
import Workbook
@testable import M01

@Suite struct M01_E10 {
    @Test func forwardMatchesTorchInTrainingAndEvaluation() throws {
        let ref = try fixture("batch_norm")
        let state = BatchNormState(runningMean: try ref.tensor("runningMean"), runningVar: try ref.tensor("runningVar"))
        let (train, updated) = try batchNormForward(ref.tensor("x"), gamma: ref.tensor("gamma"), beta: ref.tensor("beta"), state: state, training: true)
        try checkClose(train, ref.tensor("trainOutput"), rtol: 1e-9, "training output")
        try checkClose(updated.runningMean, ref.tensor("newRunningMean"), rtol: 1e-9, "running mean")
        try checkClose(updated.runningVar, ref.tensor("newRunningVar"), rtol: 1e-9, "running variance")
        let (eval, unchanged) = try batchNormForward(ref.tensor("x"), gamma: ref.tensor("gamma"), beta: ref.tensor("beta"), state: updated, training: false)
        try checkClose(eval, ref.tensor("evalOutput"), rtol: 1e-9, "evaluation output")
        try checkClose(unchanged.runningMean, updated.runningMean, rtol: 0, "running mean in evaluation mode")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M01_E10 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let x = randomTensor([5, 3], seed: 1101, scale: 2), gamma = randomTensor([3], seed: 1102), beta = randomTensor([3], seed: 1103)
        let seed = randomTensor([5, 3], seed: 1104)
        let state = BatchNormState(runningMean: Tensor.zeros([3], dtype: .float64), runningVar: Tensor.ones([3], dtype: .float64))
        let grads = try batchNormBackward(x, gamma: gamma, gradOutput: seed)
        try checkGradient(of: { try batchNormForward($0, gamma: gamma, beta: beta, state: state, training: true).output },
                          at: x, analytic: grads.input, seed: seed, "∂L/∂x")
        try checkGradient(of: { try batchNormForward(x, gamma: $0, beta: beta, state: state, training: true).output },
                          at: gamma, analytic: grads.gamma, seed: seed, "∂L/∂γ")
    }
}
