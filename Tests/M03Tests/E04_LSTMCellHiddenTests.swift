import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E04")) struct M03_E04_Hidden {
    @Test func gradientsMatchFiniteDifferences() throws {
        try checkLSTMCellGradients(batch: 2, input: 4, hidden: 3, seed: 41)
    }

    @Test func agreesWithTheLibraryLSTM() throws {
        let lstm = Random.withSeed(49) { LSTM(4, 3, batchFirst: true, dtype: .float64) }
        let x = randomTensor([2, 1, 4], seed: 50)
        let (output, state) = ExerciseTwins.unwatched { lstm(x) }
        let zeros = Tensor.zeros([2, 3], dtype: .float64)
        let mine = try lstmCell(
            x.squeeze(axis: 1), h: zeros, c: zeros, weightIH: lstm.parameter("weight_ih_l0"), weightHH: lstm.parameter("weight_hh_l0"),
            biasIH: lstm.parameter("bias_ih_l0"), biasHH: lstm.parameter("bias_hh_l0"))
        try checkClose(mine.h, output.squeeze(axis: 1), "h'")
        try checkClose(mine.c, state.c.squeeze(axis: 0), "c'")
    }
}
