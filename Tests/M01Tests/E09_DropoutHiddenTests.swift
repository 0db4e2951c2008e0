import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M01

@Suite(.exercise("M01-E09")) struct M01_E09_Hidden {
    @Test func keepsTheExpectedValue() throws {
        let x = Tensor.ones([20_000], dtype: .float64)
        let mask = Random.withSeed(91) { Tensor.bernoulli([20_000], p: 0.6, dtype: .float64) }
        let mean = try dropoutForward(x, keepMask: mask, p: 0.4).mean().item
        try checkClose([mean], [1], rtol: 0, atol: 0.03, "E[dropout(x)]")
    }

    @Test func backwardMatchesFiniteDifferences() throws {
        try checkDropoutBackward(shape: [5, 4], p: 0.5, seed: 92)
    }
}
