import ExerciseTesting
import Testing
@testable import P04

@Suite(.exercise("P04-E05")) struct P04_E05 {
    @Test func startsAtTheBaseAndEndsAtZero() throws {
        let rates = try polyLearningRates(base: 0.1, totalSteps: 4, power: 1, steps: 5)
        #expect(zip(rates, [0.1, 0.075, 0.05, 0.025, 0]).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
