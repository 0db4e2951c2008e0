import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E02")) struct P06_E02 {
    @Test func peaksAtTheEndOfWarmup() throws {
        #expect(try warmupLearningRate(step: 100, peak: 1e-3, warmup: 100) == 1e-3)
        #expect(try warmupLearningRate(step: 50, peak: 1e-3, warmup: 100) == 5e-4)
    }
}
