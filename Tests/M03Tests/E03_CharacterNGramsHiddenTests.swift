import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E03")) struct M03_E03_Hidden {
    @Test func defaultsCountAndShortWords() throws {
        // A word of n characters has n + 2 with markers: Σ_{k=3...6} (n + 3 − k) n-grams when n + 2 ≥ 6.
        let grams = try characterNGrams("language")
        let marked = Array("<language>")
        let all = (3...6).flatMap { n in (0...(marked.count - n)).map { String(marked[$0..<($0 + n)]) } }
        try checkEqual(grams.sorted(), all.sorted(), "n-grams of language")
        try checkEqual([grams.first ?? "", grams.last ?? ""], ["<la", "ge>"], "first and last n-gram")
        try checkEqual(try characterNGrams("a"), ["<a>"], "n-grams of a one-letter word")
        try checkEqual(try characterNGrams("é", minN: 1, maxN: 2), ["<", "<é", "é", "é>", ">"], "n-grams of 1 and 2 characters")
    }
}
