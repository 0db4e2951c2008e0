import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E11")) struct M03_E11_Hidden {
    @Test func eightyTenTenStatistics() throws {
        var generator = Generator(seed: 112)
        let vocabulary = 1000
        let tokens = (0..<100_000).map { 10 + $0 % (vocabulary - 10) }
        let (inputs, labels) = try maskTokens(tokens, vocabularySize: vocabulary, maskId: 4, special: [0, 1, 2, 3, 4], generator: &generator)
        let selected = labels.indices.filter { labels[$0] != -100 }
        let fraction = Double(selected.count) / Double(tokens.count)
        try checkClose([fraction], [0.15], rtol: 0, atol: 0.005, "fraction selected")
        let masked = Double(selected.filter { inputs[$0] == 4 }.count) / Double(selected.count)
        let kept = Double(selected.filter { inputs[$0] == tokens[$0] }.count) / Double(selected.count)
        let replaced = 1 - masked - kept
        try checkClose([masked], [0.8], rtol: 0, atol: 0.015, "fraction masked")
        try checkClose([kept], [0.1], rtol: 0, atol: 0.01, "fraction kept")
        try checkClose([replaced], [0.1], rtol: 0, atol: 0.01, "fraction replaced by a random token")
    }
}
