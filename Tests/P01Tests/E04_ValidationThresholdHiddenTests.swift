import DeepLearning
import Testing
import Workbook
@testable import P01

@Suite struct P01_E04_Hidden {
    @Test func matchesTheTrainingThresholdOnNoisyScores() throws {
        var generator = Generator(seed: 9)
        for _ in 0..<20 {
            let labels = (0..<60).map { _ in generator.uniform() < 0.3 ? 1 : 0 }
            let scores = labels.map { y in min(1, max(0, (y == 1 ? 0.6 : 0.35) + 0.3 * (generator.uniform() - 0.5))) }
            let rounded = scores.map { ($0 * 20).rounded() / 20 }   // ties between cells
            for s in [scores, rounded] {
                try checkClose([try f1Threshold(scores: s, labels: labels)], [chooseThreshold(scores: s, labels: labels, objective: .f1)],
                               rtol: 0, atol: 0, "threshold")
            }
        }
        try checkClose([try f1Threshold(scores: [0.2, 0.4], labels: [0, 0])], [0.5], rtol: 0, atol: 0, "threshold without positives")
    }
}
