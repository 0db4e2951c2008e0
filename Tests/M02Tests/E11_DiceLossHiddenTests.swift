import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E11")) struct M02_E11_Hidden {
    @Test func gradientMatchesFiniteDifferences() throws {
        let p = Random.withSeed(111) { Tensor.uniform([2, 1, 5, 4], low: 0.05, high: 0.95, dtype: .float64) }
        let t = Random.withSeed(112) { Tensor.bernoulli([2, 1, 5, 4], p: 0.4, dtype: .float64) }
        for smooth in [1.0, 1e-3] {
            let gradient = try diceLoss(p, t, smooth: smooth).gradient
            try checkGradient(of: { try diceLoss($0, t, smooth: smooth).loss }, at: p, analytic: gradient, "∂L/∂p with smooth \(smooth)")
        }
    }

    @Test func agreesWithTheLibraryAndIsZeroForAPerfectMask() throws {
        let p = Random.withSeed(113) { Tensor.uniform([3, 1, 4, 4], dtype: .float64) }
        let t = Random.withSeed(114) { Tensor.bernoulli([3, 1, 4, 4], p: 0.5, dtype: .float64) }
        try checkClose(
            try diceLoss(p, t, smooth: 1).loss.reshape([1]), ExerciseTwins.unwatched { softDiceLoss(p, t, smooth: 1) }.reshape([1]), rtol: 1e-10,
            "loss vs softDiceLoss")
        try checkClose(
            try diceLoss(t, t, smooth: 1e-9).loss.reshape([1]), Tensor([0], shape: [1], dtype: .float64), rtol: 0, atol: 1e-9, "loss of a perfect mask")
    }
}
