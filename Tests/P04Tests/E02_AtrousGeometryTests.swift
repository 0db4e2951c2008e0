import ExerciseTesting
import Testing
@testable import P04

@Suite(.exercise("P04-E02")) struct P04_E02 {
    @Test func sameConvolutionKeepsTheSize() throws {
        #expect(try convolutionOutputSize(input: 33, kernel: 3, padding: 6, dilation: 6) == 33)
        #expect(try convolutionOutputSize(input: 224, kernel: 3, stride: 2, padding: 1) == 112)
    }

    @Test func dilationWidensTheField() throws {
        #expect(try receptiveField([(3, 1, 1), (3, 1, 1)]) == 5)
        #expect(try receptiveField([(3, 1, 6)]) == 13)
    }
}
