import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E01")) struct P06_E01 {
    @Test func mergesTheMostFrequentPair() throws {
        let words: [(symbols: [String], count: Int)] = [(["l", "o", "w"], 5), (["l", "o", "w", "e", "r"], 2), (["n", "e", "w"], 6)]
        let step = try #require(try bpeMergeStep(words))
        // ("l", "o") and ("o", "w") both occur 7 times, ("e", "w") 6: the tie goes to the smaller pair.
        #expect(step.pair == ("l", "o"))
        #expect(step.words.map(\.symbols) == [["lo", "w"], ["lo", "w", "e", "r"], ["n", "e", "w"]])
    }
}
