import ExerciseTesting
import Tensors
import Testing
import Workbook
@testable import P01

@Suite(.exercise("P01-E02")) struct P01_E02_Hidden {
    /// The rates the tune stage's grouped optimizer gives its six groups.
    @Test func matchesTheTrainingOptimizer() throws {
        try checkEqual([try discriminativeLearningRates(base: 1e-3, decay: 0.7, groups: 0).count], [0], "rates for no groups")
        let optimizer = GroupedOptimizer(
            groups: Array(repeating: [], count: 6), lr: 2e-3,
            factors: ExerciseTwins.unwatched { discriminativeFactors(groups: 6, decay: 0.7) })
        let rates = try discriminativeLearningRates(base: 2e-3, decay: 0.7, groups: 6)
        try checkClose(rates, optimizer.learningRates, rtol: 1e-15, atol: 0, "learning rates of six groups")
    }
}
