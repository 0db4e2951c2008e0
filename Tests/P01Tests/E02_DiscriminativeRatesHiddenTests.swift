import Testing
@testable import P01

@Suite struct P01_E02_Hidden {
    /// The rates the tune stage's grouped optimizer gives its six groups.
    @Test func matchesTheTrainingOptimizer() throws {
        #expect(try discriminativeLearningRates(base: 1e-3, decay: 0.7, groups: 0).isEmpty)
        let optimizer = GroupedOptimizer(groups: Array(repeating: [], count: 6), lr: 2e-3,
                                         factors: discriminativeFactors(groups: 6, decay: 0.7))
        let rates = try discriminativeLearningRates(base: 2e-3, decay: 0.7, groups: 6)
        #expect(rates.count == 6)
        for (a, b) in zip(rates, optimizer.learningRates) { #expect(abs(a - b) <= 1e-15 * b) }
    }
}
