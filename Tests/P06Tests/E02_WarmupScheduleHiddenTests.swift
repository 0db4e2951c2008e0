import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E02")) struct P06_E02_Hidden {
    /// The expected rates: the closed form of fairseq's `inverse_sqrt` schedule with linear
    /// warmup (P06 trains with the learner's function, so nothing shipped computes it).
    @Test func matchesTheTrainingSchedule() throws {
        for step in [0, 1, 7, 399, 400, 401, 1600, 10_000] {
            let s = Double(max(step, 1))
            let expected = 2e-3 * min(s / 400, (400 / s).squareRoot())
            try checkClose([try warmupLearningRate(step: step, peak: 2e-3, warmup: 400)], [expected], rtol: 0, atol: 1e-15, "learning rate")
        }
    }
}
