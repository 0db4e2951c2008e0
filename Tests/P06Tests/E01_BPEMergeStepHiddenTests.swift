import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E01")) struct P06_E01_Hidden {
    /// Repeated steps learn the same merges as the library's Sennrich-style trainer.
    @Test func repeatedStepsLearnTheLibrarysMerges() throws {
        let counts = ["low": 5, "lower": 2, "newest": 6, "widest": 3, "aaaa": 4]
        let reference = BytePairEncoding.train(wordCounts: counts, merges: 8)
        func split(_ word: String) -> [String] {  // characters, the last with the end-of-word marker
            var symbols = word.map(String.init)
            symbols[symbols.count - 1] += "</w>"
            return symbols
        }
        var words = counts.sorted { $0.key < $1.key }.map { (symbols: split($0.key), count: $0.value) }
        for (a, b) in reference.merges {
            let step = try #require(try bpeMergeStep(words))
            try checkEqual([step.pair.0, step.pair.1], [a, b], "merged pair")
            words = step.words
        }
        try checkEqual([try bpeMergeStep([(["x"], 3)]) == nil ? "none" : "a merge"], ["none"], "step on a single symbol")
    }
}
