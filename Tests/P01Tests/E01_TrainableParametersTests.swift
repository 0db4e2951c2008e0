import DeepLearning
import ExerciseTesting
import Testing
@testable import P01

@Suite(.exercise("P01-E01")) struct P01_E01 {
    @Test func countsEveryParameterOfAnUnfrozenModel() throws {
        let model = Sequential {
            Linear(4, 3); ReLU(); Linear(3, 2)
        }
        #expect(try trainableParameterCount(model) == 4 * 3 + 3 + 3 * 2 + 2)
    }
}
