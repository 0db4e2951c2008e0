import ExerciseTesting
import Tensors
import Testing
import Workbook
@testable import P04

@Suite(.exercise("P04-E05")) struct P04_E05_Hidden {
    /// Against torch.optim.lr_scheduler.PolynomialLR(total_iters=12, power=0.9), 15 steps, and the training loop's factor.
    @Test func matchesPyTorch() throws {
        let rates = try polyLearningRates(base: 0.01, totalSteps: 12, power: 0.9, steps: 15)
        try checkClose(rates, try p04Fixture().values("poly.rates"), rtol: 1e-9, atol: 1e-15, "poly rates")
        try checkClose(
            rates, ExerciseTwins.unwatched { (0..<15).map { 0.01 * polyFactor(step: $0, total: 12) } }, rtol: 1e-12, atol: 1e-15, "training schedule")
    }
}
