import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E11")) struct M03_E11 {
    @Test func labelsOnlyWhereSelectedAndSpecialsUntouched() throws {
        var generator = Generator(seed: 111)
        let tokens = (0..<2000).map { $0 % 50 }
        let (inputs, labels) = try maskTokens(tokens, vocabularySize: 50, maskId: 3, special: [0, 1, 2, 3], probability: 0.3, generator: &generator)
        #expect(inputs.count == tokens.count && labels.count == tokens.count)
        for i in tokens.indices {
            if [0, 1, 2, 3].contains(tokens[i]) { #expect(inputs[i] == tokens[i] && labels[i] == -100) }
            if labels[i] == -100 { #expect(inputs[i] == tokens[i]) } else { #expect(labels[i] == tokens[i]) }
        }
        #expect(labels.contains { $0 != -100 })
    }
}
