import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E07")) struct M01_E07_Hidden {
    @Test func firstStepMovesEachWeightByAboutTheLearningRate() throws {
        // With bias correction m̂ = g and v̂ = g² at step 1, so the step is lr·g/(|g| + ε) ≈ lr·sign(g).
        let p = randomTensor([8], seed: 71), g = randomTensor([8], seed: 72)
        let zero = Tensor.zeros([8], dtype: .float64)
        let (next, moments) = try adamStep(parameter: p, gradient: g, moments: AdamMoments(m: zero, v: zero), step: 1, lr: 0.01)
        try checkClose(p - next, 0.01 * g.sign(), rtol: 1e-5, "first Adam step")
        try checkClose(moments.m, 0.1 * g, rtol: 1e-12, "first moment after one step")
        try checkClose(moments.v, 0.001 * g * g, rtol: 1e-12, "second moment after one step")
    }
}
