import Foundation

/// P04-E05 · DeepLab's poly learning-rate schedule. Docs/P04.md#p04-e05
///
/// The rate at steps 0, 1, ..., steps − 1: base · (1 − min(t, totalSteps) / totalSteps)^power,
/// as `torch.optim.lr_scheduler.PolynomialLR(total_iters: totalSteps, power: power)` gives
/// it when stepped once per iteration (0 from step totalSteps on).
public func polyLearningRates(base: Double, totalSteps: Int, power: Double = 0.9, steps: Int) throws -> [Double] {
    precondition(totalSteps > 0, "polyLearningRates: totalSteps must be positive")
    // BEGIN SOLUTION
    return (0..<steps).map { base * pow(1 - Double(min($0, totalSteps)) / Double(totalSteps), power) }
    // END SOLUTION
}
