import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E05")) struct P06_E05_Hidden {
    @Test func agreesWithTheLibrarysGNMTDivisor() throws {
        var g = Generator(seed: 9)
        for _ in 0..<20 {
            let hypotheses = (0..<5).map { _ in (tokens: Array(repeating: 4, count: Int(g.uniform() * 12) + 1), logProb: -g.uniform() * 10) }
            let scores = ExerciseTwins.unwatched { hypotheses.map { $0.logProb / LengthPenalty.gnmt(alpha: 0.6).divisor(length: $0.tokens.count) } }
            let expected = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }
            try checkEqual([try bestByLengthPenalty(hypotheses, alpha: 0.6) ?? -1], [expected ?? -1], "best hypothesis")
        }
    }
}
