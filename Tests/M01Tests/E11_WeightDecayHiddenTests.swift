import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E11")) struct M01_E11_Hidden {
    @Test func theTwoDecaysDifferButAgreeWithoutDecay() throws {
        let p = randomTensor([6], seed: 111), g = randomTensor([6], seed: 112)
        let zero = AdamMoments(m: Tensor.zeros([6], dtype: .float64), v: Tensor.zeros([6], dtype: .float64))
        let coupled = try weightDecayStep(parameter: p, gradient: g, moments: zero, step: 1, lr: 0.1, weightDecay: 0.5, decoupled: false)
        let decoupled = try weightDecayStep(parameter: p, gradient: g, moments: zero, step: 1, lr: 0.1, weightDecay: 0.5, decoupled: true)
        try checkAtLeast((coupled.parameter - decoupled.parameter).abs().max().item, 1e-3, "the difference of the L2 and decoupled steps under Adam")
        let plain = try weightDecayStep(parameter: p, gradient: g, moments: zero, step: 1, lr: 0.1, weightDecay: 0, decoupled: true)
        let reference = try weightDecayStep(parameter: p, gradient: g, moments: zero, step: 1, lr: 0.1, weightDecay: 0, decoupled: false)
        try checkClose(plain.parameter, reference.parameter, rtol: 1e-12, "both forms without decay")
    }
}
