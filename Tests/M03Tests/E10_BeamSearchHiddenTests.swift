import DeepLearning
import ExerciseTesting
import Testing
@testable import Text
import Workbook
@testable import M03

@Suite(.exercise("M03-E10")) struct M03_E10_Hidden {
    /// The most likely finished sequence of at most `maxLength` tokens, by enumeration.
    private func bruteForce(_ step: NextTokenLogProbs, vocabulary: Int, maxLength: Int) -> (tokens: [Int], logProb: Double) {
        var best: (tokens: [Int], logProb: Double) = ([], -.infinity)
        func extend(_ prefix: [Int], _ logProb: Double) {
            if prefix.last == 1 { if logProb > best.logProb { best = (prefix, logProb) }; return }
            guard prefix.count < maxLength else { return }
            let row = step([[0] + prefix]).doubles
            for token in 1..<vocabulary { extend(prefix + [token], logProb + row[token]) }
        }
        extend([], 0)
        return best
    }

    @Test func wideBeamFindsTheBestSequenceAndWidthOneIsGreedy() throws {
        var generator = Generator(seed: 101)
        for _ in 0..<10 {
            let table = (0..<4).map { _ in [0.0] + (1..<4).map { _ in Double.random(in: 0.05..<1, using: &generator) } }
            let step = tableModel(table.map { row in row.map { $0 / row.reduce(0, +) } })
            let best = bruteForce(step, vocabulary: 4, maxLength: 4)
            try checkEqual(try beamSearchDecode(bos: 0, eos: 1, beamWidth: 27, maxLength: 4, step: step), best.tokens, "wide beam")
            try checkEqual(
                try beamSearchDecode(bos: 0, eos: 1, beamWidth: 1, maxLength: 4, step: step), greedyDecode(bos: 0, eos: 1, maxLength: 4, step: step).tokens,
                "beam of width 1")
        }
    }
}
