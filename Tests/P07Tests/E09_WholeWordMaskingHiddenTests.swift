import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P07

@Suite(.exercise("P07-E09")) struct P07_E09_Hidden {
    /// Words of two and three characters are masked whole or not at all, never past the
    /// budget; over many sentences 80 % of predicted positions read [MASK], 10 % a random
    /// character, 10 % themselves; a one-character sentence still predicts one.
    @Test func wholeWordsAndTheEightyTenTen() throws {
        var generator = Generator(seed: 7)
        let words = [0..<2, 2..<5, 5..<7, 7..<8, 8..<11, 11..<13, 13..<16, 16..<18, 18..<20, 20..<23, 23..<25, 25..<28, 28..<30]
        let ids = Array(1000..<1030)
        var counts = (mask: 0, same: 0, random: 0, total: 0), brokenWords = 0, overBudget = 0
        for _ in 0..<4000 {
            let m = try wholeWordMask(ids: ids, words: words, maskId: 4, randomIds: 10..<50, using: &generator)
            let predicted = Set(m.targets.indices.filter { m.targets[$0] != -100 })
            brokenWords +=
                words.filter { w in
                    let n = w.filter(predicted.contains).count; return n != 0 && n != w.count
                }.count
            if predicted.count > 5 { overBudget += 1 }
            for p in predicted {
                if m.inputs[p] == 4 {
                    counts.mask += 1
                } else if m.inputs[p] == ids[p] {
                    counts.same += 1
                } else if (10..<50).contains(m.inputs[p]) {
                    counts.random += 1
                }
                counts.total += 1
            }
            if m.targets.enumerated().contains(where: { $1 != -100 && $1 != ids[$0] }) { brokenWords += 1000 }
        }
        try checkEqual([brokenWords, overBudget], [0, 0], "words cut in two, sentences over the 15 % budget")
        let total = Double(counts.total)
        try checkClose(
            [
                Double(counts.mask) / total, Double(counts.same) / total, Double(counts.random) / total,
                Double(counts.mask + counts.same + counts.random) / total,
            ],
            [0.8, 0.1, 0.1, 1], rtol: 0, atol: 0.015, "shares of [MASK], unchanged and random")
        var g = Generator(seed: 3)
        let one = try wholeWordMask(ids: [2, 77, 3], words: [0..<1, 1..<2, 2..<3], maskId: 4, randomIds: 10..<50, using: &g)
        try checkEqual([one.targets.filter { $0 != -100 }.count], [1], "positions predicted in a three-token sentence")
    }
}
