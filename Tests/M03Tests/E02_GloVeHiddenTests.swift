import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E02")) struct M03_E02_Hidden {
    @Test func otherCutoffAndExponent() throws {
        try checkClose(
            [try gloveWeight(5, xMax: 10, alpha: 0.5), try gloveWeight(10, xMax: 10, alpha: 0.5)], [Double(0.5).squareRoot(), 1],
            rtol: 0, atol: 1e-12, "weights with xMax 10, alpha 0.5")
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let (wt, b, bt) = (randomTensor([4, 3], seed: 21), randomTensor([4], seed: 22), randomTensor([4], seed: 23))
        let counts = [2.0, 7.5, 40, 300]
        try checkGradient(
            of: { try gloveLoss(wordVectors: $0, contextVectors: wt, wordBiases: b, contextBiases: bt, counts: counts, xMax: 50) },
            at: randomTensor([4, 3], seed: 24), "∂J/∂w")
    }
}
