import DeepLearning
import Testing
import Workbook
@testable import M03

@Suite struct M03_E04_Hidden {
    @Test func gradientsMatchFiniteDifferences() throws {
        let (h, c) = (randomTensor([2, 3], seed: 41), randomTensor([2, 3], seed: 42))
        let (wIH, wHH) = (randomTensor([12, 4], seed: 43, scale: 0.5), randomTensor([12, 3], seed: 44, scale: 0.5))
        let (bIH, bHH) = (randomTensor([12], seed: 45), randomTensor([12], seed: 46))
        let seed = randomTensor([2, 3], seed: 47)
        try checkGradient(of: { try lstmCell($0, h: h, c: c, weightIH: wIH, weightHH: wHH, biasIH: bIH, biasHH: bHH).h },
                          at: randomTensor([2, 4], seed: 48), seed: seed, "∂h'/∂x")
        try checkGradient(of: { try lstmCell(randomTensor([2, 4], seed: 48), h: h, c: $0, weightIH: wIH, weightHH: wHH, biasIH: bIH, biasHH: bHH).c },
                          at: c, seed: seed, "∂c'/∂c")
    }

    @Test func agreesWithTheLibraryLSTM() throws {
        let lstm = Random.withSeed(49) { LSTM(4, 3, batchFirst: true, dtype: .float64) }
        let x = randomTensor([2, 1, 4], seed: 50)
        let (output, state) = lstm(x)
        let zeros = Tensor.zeros([2, 3], dtype: .float64)
        let mine = try lstmCell(x.squeeze(axis: 1), h: zeros, c: zeros, weightIH: lstm.parameter("weight_ih_l0"), weightHH: lstm.parameter("weight_hh_l0"),
                                biasIH: lstm.parameter("bias_ih_l0"), biasHH: lstm.parameter("bias_hh_l0"))
        try checkClose(mine.h, output.squeeze(axis: 1), "h'")
        try checkClose(mine.c, state.c.squeeze(axis: 0), "c'")
    }
}
