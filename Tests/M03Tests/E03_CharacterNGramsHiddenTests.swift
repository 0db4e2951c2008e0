import DeepLearning
import Testing
import Workbook
@testable import M03

@Suite struct M03_E03_Hidden {
    @Test func defaultsCountAndShortWords() throws {
        // A word of n characters has n + 2 with markers: Σ_{k=3...6} (n + 3 − k) n-grams when n + 2 ≥ 6.
        let grams = try characterNGrams("language")
        #expect(grams.count == 8 + 7 + 6 + 5)
        #expect(grams.first == "<la" && grams.last == "ge>" && grams.contains("<langu") && !grams.contains("<langua"))
        #expect(try characterNGrams("a") == ["<a>"])
        #expect(try characterNGrams("é", minN: 1, maxN: 2) == ["<", "<é", "é", "é>", ">"])
    }
}
