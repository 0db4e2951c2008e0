import Foundation
import Testing
import Workbook
@testable import NN

/// RNN, LSTM, GRU and their cells against PyTorch (Fixtures/recurrent.json, written by
/// generate_sequence_fixtures.py) and against finite differences.
@Suite struct SequenceRecurrentTests {
    let fixtures: JSONFixture
    init() throws { fixtures = try JSONFixture.load("recurrent.json", from: .module) }

    @Test(arguments: [
        "lstm_one_layer", "lstm_stacked_bidirectional_lengths", "lstm_float64_lengths",
        "gru_one_layer_initial", "gru_stacked_bidirectional_lengths", "gru_no_bias_float64",
        "rnn_tanh_bidirectional_lengths", "rnn_relu_batch_first",
    ])
    func layerMatchesTorch(_ name: String) {
        let torch = TorchCase(fixtures, name)
        let (config, dtype) = (torch.config, torch.dtype)
        let (input, hidden, layers) = (config["input"].int, config["hidden"].int, config["layers"].int)
        let (bidirectional, batchFirst, bias) = (config["bidirectional"].bool, config["batch_first"].bool, config["bias"].bool)
        let lengths = config.optional("lengths")?.ints
        var leaves = ["x": torch.leaf("x")]
        for key in ["h0", "c0"] where torch.record.optional(key) != nil { leaves[key] = torch.leaf(key) }
        let x = leaves["x"]!
        switch config["kind"].string {
        case "LSTM":
            let lstm = LSTM(input, hidden, numLayers: layers, bias: bias, batchFirst: batchFirst, bidirectional: bidirectional, dtype: dtype)
            torch.load(lstm)
            let state = leaves["h0"].map { ($0, leaves["c0"]!) }
            let (y, (h, c)) = lstm(x, state, lengths: lengths)
            torch.check(outputs: ["output": y, "h_n": h, "c_n": c], leaves: leaves, module: lstm)
        case "GRU":
            let gru = GRU(input, hidden, numLayers: layers, bias: bias, batchFirst: batchFirst, bidirectional: bidirectional, dtype: dtype)
            torch.load(gru)
            let (y, h) = gru(x, leaves["h0"], lengths: lengths)
            torch.check(outputs: ["output": y, "h_n": h], leaves: leaves, module: gru)
        default:
            let rnn = RNN(
                input, hidden, numLayers: layers, nonlinearity: config["nonlinearity"].string == "relu" ? .relu : .tanh,
                bias: bias, batchFirst: batchFirst, bidirectional: bidirectional, dtype: dtype)
            torch.load(rnn)
            let (y, h) = rnn(x, leaves["h0"], lengths: lengths)
            torch.check(outputs: ["output": y, "h_n": h], leaves: leaves, module: rnn)
        }
    }

    @Test(arguments: ["rnn_cell", "rnn_cell_relu", "lstm_cell", "gru_cell"])
    func cellMatchesTorch(_ name: String) {
        let torch = TorchCase(fixtures, name)
        let (input, hidden) = (torch.config["input"].int, torch.config["hidden"].int)
        let (x, h) = (torch.leaf("x"), torch.leaf("h0"))
        switch torch.config["kind"].string {
        case "LSTMCell":
            let cell = LSTMCell(input, hidden)
            torch.load(cell)
            let c = torch.leaf("c0")
            let next = cell(x, (h, c))
            torch.check(outputs: ["h_n": next.h, "c_n": next.c], leaves: ["x": x, "h0": h, "c0": c], module: cell)
        case "GRUCell":
            let cell = GRUCell(input, hidden)
            torch.load(cell)
            torch.check(outputs: ["h_n": cell(x, h)], leaves: ["x": x, "h0": h], module: cell)
        default:
            let cell = RNNCell(input, hidden, nonlinearity: torch.config["nonlinearity"].string == "relu" ? .relu : .tanh)
            torch.load(cell)
            torch.check(outputs: ["h_n": cell(x, h)], leaves: ["x": x, "h0": h], module: cell)
        }
    }

    /// Every weight, the input and the initial states of a tiny bidirectional LSTM and GRU
    /// with padded sequences, against centred finite differences in float64.
    @Test func gradientsMatchFiniteDifferences() {
        Random.seed(3)
        let lengths = [3, 1]
        let x = Tensor.randn([3, 2, 2], dtype: .float64)
        let h0 = Tensor.randn([2, 2, 2], dtype: .float64), c0 = Tensor.randn([2, 2, 2], dtype: .float64)
        let upstream = Tensor.randn([3, 2, 4], dtype: .float64), upstreamH = Tensor.randn([2, 2, 2], dtype: .float64)
        let lstm = LSTM(2, 2, bidirectional: true, dtype: .float64)
        let gru = GRU(2, 2, bidirectional: true, dtype: .float64)
        // Steps of 1e-5: with 1e-6 the round-off of a loss near 10 swamps gradient elements near 1e-3.
        let h = 1e-5
        func lstmLoss(_ x: Tensor, _ h0: Tensor, _ c0: Tensor) -> Tensor {
            let (y, (h, c)) = lstm(x, (h0, c0), lengths: lengths)
            return (y * upstream).sum() + (h * upstreamH).sum() + (c * upstreamH * 0.5).sum()
        }
        func gruLoss(_ x: Tensor, _ h0: Tensor) -> Tensor {
            let (y, h) = gru(x, h0, lengths: lengths)
            return (y * upstream).sum() + (h * upstreamH).sum()
        }
        #expect(gradientError(of: { lstmLoss($0, h0, c0) }, at: x, h: h) < 1e-7)
        #expect(gradientError(of: { lstmLoss(x, $0, c0) }, at: h0, h: h) < 1e-7)
        #expect(gradientError(of: { lstmLoss(x, h0, $0) }, at: c0, h: h) < 1e-7)
        #expect(gradientError(of: { gruLoss($0, h0) }, at: x, h: h) < 1e-7)
        #expect(gradientError(of: { gruLoss(x, $0) }, at: h0, h: h) < 1e-7)
        for (name, p) in lstm.namedParameters() {
            #expect(gradientError(of: { lstmLoss(x, h0, c0) }, wrt: [p], h: h) < 1e-7, "LSTM \(name)")
        }
        for (name, p) in gru.namedParameters() {
            #expect(gradientError(of: { gruLoss(x, h0) }, wrt: [p], h: h) < 1e-7, "GRU \(name)")
        }
    }

    @Test func parametersHaveTorchNamesShapesAndInitialisation() {
        Random.seed(0)
        let lstm = LSTM(3, 5, numLayers: 2, bidirectional: true)
        let names = lstm.namedParameters().map(\.name)
        #expect(names.prefix(5) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse"])
        #expect(lstm.parameter("weight_ih_l1").shape == [20, 10])
        #expect(lstm.parameter("weight_hh_l1_reverse").shape == [20, 5])
        let bound = 1 / 5.0.squareRoot()
        let all = lstm.parameters().flatMap(\.doubles)
        #expect(all.allSatisfy { abs($0) <= bound })
        #expect(all.max()! > 0.8 * bound && all.min()! < -0.8 * bound)
        #expect(GRU(3, 5, bias: false).namedParameters().map(\.name) == ["weight_ih_l0", "weight_hh_l0"])
        #expect(RNNCell(3, 5).namedParameters().map(\.name) == ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
    }

    @Test func paddedStepsGiveZerosAndKeepTheLastRealState() {
        Random.seed(4)
        let gru = GRU(3, 4, batchFirst: true)
        let x = Tensor.randn([2, 5, 3])
        let (y, h) = gru(x, lengths: [5, 2])
        // The short sequence alone gives the same state as the padded batch.
        let (yShort, hShort) = gru(x[1].slice(axis: 0, end: 2).unsqueeze(axis: 0))
        #expect(close(h[0][1], hShort[0][0], rtol: 1e-6))
        #expect(close(y[1].slice(axis: 0, end: 2), yShort[0], rtol: 1e-6))
        #expect(y[1].slice(axis: 0, start: 2).doubles.allSatisfy { $0 == 0 })
        // The unbatched call agrees with a batch of one.
        let (yOne, hOne) = gru(x[0])
        #expect(yOne.shape == [5, 4] && hOne.shape == [1, 4])
        #expect(close(yOne, y[0], rtol: 1e-6))
    }

    @Test func dropoutActsBetweenLayersInTrainingOnly() {
        Random.seed(5)
        let lstm = LSTM(3, 4, numLayers: 2, dropout: 0.5)
        let x = Tensor.randn([4, 2, 3])
        lstm.eval()
        let a = lstm(x).output, b = lstm(x).output
        #expect(close(a, b, rtol: 0, atol: 0))
        lstm.train()
        let c = lstm(x).output
        #expect(!close(a, c, rtol: 1e-3))
    }

    @Test func wrongInputSizeStops() async {
        await #expect(processExitsWith: .failure) {
            _ = LSTM(3, 4)(Tensor.zeros([5, 2, 6]))
        }
        await #expect(processExitsWith: .failure) {
            _ = GRU(3, 4)(Tensor.zeros([5, 2, 3]), lengths: [6, 1])
        }
    }
}
