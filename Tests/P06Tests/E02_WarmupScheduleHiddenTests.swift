import DeepLearning
import Testing
import Workbook
@testable import P06

@Suite struct P06_E02_Hidden {
    @Test func matchesTheTrainingSchedule() throws {
        for step in [0, 1, 7, 399, 400, 401, 1600, 10_000] {
            let expected = 2e-3 * Training.inverseSqrtFactor(step: step, warmup: 400)
            try checkClose([try warmupLearningRate(step: step, peak: 2e-3, warmup: 400)], [expected], rtol: 0, atol: 1e-15, "learning rate")
        }
    }
}
