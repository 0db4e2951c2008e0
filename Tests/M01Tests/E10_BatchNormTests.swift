import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E10")) struct M01_E10 {
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
        try checkBatchNormBackward(rows: 5, features: 3, seed: 1101)
    }
}
