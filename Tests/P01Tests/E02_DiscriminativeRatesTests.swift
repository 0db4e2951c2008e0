import ExerciseTesting
import Testing
@testable import P01

@Suite(.exercise("P01-E02")) struct P01_E02 {
    @Test func halvesPerGroup() throws {
        #expect(try discriminativeLearningRates(base: 1e-3, decay: 0.5, groups: 3) == [1e-3, 5e-4, 2.5e-4])
    }
}
