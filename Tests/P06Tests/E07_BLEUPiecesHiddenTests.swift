import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E07")) struct P06_E07_Hidden {
    /// Summed over sentences, the pieces give the library's (sacreBLEU-exact) corpus statistics.
    @Test func matchTheLibrarysBLEUStatistics() throws {
        let hypotheses = ["the cat sat on the mat .", "a dog ran", "it is raining today in the city"]
        let references = ["the cat is on the mat .", "the dog ran away quickly", "today it rains in the city"]
        let reference = ExerciseTwins.unwatched { BLEU.corpusScore(hypotheses: hypotheses, references: [references]) }
        for n in 1...4 {
            var (matches, total) = (0, 0)
            for (h, r) in zip(hypotheses, references) {
                let m = try clippedMatches(hypothesis: h.split(separator: " ").map(String.init), references: [r.split(separator: " ").map(String.init)], n: n)
                (matches, total) = (matches + m.matches, total + m.total)
            }
            try checkEqual([matches, total], [reference.matches[n - 1], reference.totals[n - 1]], "clipped matches and total")
        }
        try checkClose(
            [try brevityPenalty(hypothesisLength: reference.hypothesisLength, referenceLength: reference.referenceLength)],
            [reference.brevityPenalty], rtol: 0, atol: 1e-15, "brevity penalty")
        try checkClose([try brevityPenalty(hypothesisLength: 0, referenceLength: 3)], [0], rtol: 0, atol: 0, "brevity penalty of an empty output")
    }
}
