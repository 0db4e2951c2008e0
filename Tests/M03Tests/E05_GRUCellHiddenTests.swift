import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E05")) struct M03_E05_Hidden {
    @Test func gradientMatchesFiniteDifferences() throws {
        let x = randomTensor([2, 4], seed: 51)
        let (wIH, wHH, bIH, bHH) = randomCellWeights(gates: 3, input: 4, hidden: 3, seed: 52)
        try checkGradient(
            of: { try gruCell(x, h: $0, weightIH: wIH, weightHH: wHH, biasIH: bIH, biasHH: bHH) },
            at: randomTensor([2, 3], seed: 56), seed: randomTensor([2, 3], seed: 57), "∂h'/∂h")
    }

    @Test func agreesWithTheLibraryGRU() throws {
        let gru = Random.withSeed(58) { GRU(4, 3, batchFirst: true, dtype: .float64) }
        let x = randomTensor([2, 1, 4], seed: 59), h0 = randomTensor([1, 2, 3], seed: 60)
        let (output, _) = ExerciseTwins.unwatched { gru(x, h0) }
        let mine = try gruCell(
            x.squeeze(axis: 1), h: h0.squeeze(axis: 0), weightIH: gru.parameter("weight_ih_l0"), weightHH: gru.parameter("weight_hh_l0"),
            biasIH: gru.parameter("bias_ih_l0"), biasHH: gru.parameter("bias_hh_l0"))
        try checkClose(mine, output.squeeze(axis: 1), "h'")
    }
}
