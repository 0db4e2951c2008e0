import Foundation
import Testing
@testable import NN

/// RNN, LSTM, GRU and their cells against PyTorch (Fixtures/recurrent.json, written by
/// generate_sequence_fixtures.py) and against finite differences.
@Suite struct SequenceRecurrentTests {
    let fixtures: [String: Any]
    init() throws { fixtures = try Fixture.json("recurrent.json") }

    /// The largest error in units of the tolerance atol + rtol·|expected|; ≤ 1 passes.
    private func errorRatio(_ a: Tensor, _ b: Tensor, rtol: Double, atol: Double) -> Double {
        guard a.shape == b.shape else { return .infinity }
        return zip(a.doubles, b.doubles).map { abs($0 - $1) / (atol + rtol * abs($1)) }.max() ?? 0
    }

    /// Loads the recorded state dict into `module` by name, checking names and shapes match PyTorch's.
    private func load(_ module: Module, _ record: [String: Any], dtype: DType) {
        let stateDict = record.object("state_dict")
        #expect(Set(module.namedParameters().map(\.name)) == Set(stateDict.keys))
        for (name, p) in module.namedParameters() {
            let value = stateDict.tensor(name, dtype: dtype)
            #expect(p.shape == value.shape, "shape of \(name)")
            p.assign(value)
        }
    }

    /// Compares outputs, then backpropagates Σ output·upstream and compares every gradient.
    private func check(_ name: String, _ record: [String: Any], module: Module, outputs: [String: Tensor],
                       leaves: [String: Tensor], dtype: DType) {
        let (rtol, atol) = dtype == .float64 ? (1e-10, 1e-12) : (1e-5, 2e-6)
        var loss: Tensor?
        for (key, y) in outputs {
            let ratio = errorRatio(y, record.tensor(key, dtype: dtype), rtol: rtol, atol: atol)
            #expect(ratio <= 1, "\(name): \(key) differs from PyTorch (error \(ratio) tolerances)")
            let term = (y * record.tensor("upstream_" + key, dtype: dtype)).sum()
            loss = loss.map { $0 + term } ?? term
        }
        loss!.backward()
        let grads = record.object("grads")
        var gradients = leaves.map { ("d" + $0.key, $0.value.grad, record.tensor("d" + $0.key, dtype: dtype)) }
        gradients += module.namedParameters().map { ($0.name, $0.tensor.grad, grads.tensor($0.name, dtype: dtype)) }
        for (key, grad, expected) in gradients {
            guard let grad else { Issue.record("\(name): no gradient for \(key)"); continue }
            let ratio = errorRatio(grad, expected, rtol: rtol, atol: atol)
            #expect(ratio <= 1, "\(name): gradient \(key) differs from PyTorch (error \(ratio) tolerances)")
        }
    }

    /// A leaf from the record, requiring grad.
    private func leaf(_ record: [String: Any], _ key: String, _ dtype: DType) -> Tensor {
        let t = record.tensor(key, dtype: dtype)
        t.requiresGrad = true
        return t
    }

    @Test(arguments: ["lstm_one_layer", "lstm_stacked_bidirectional_lengths", "lstm_float64_lengths",
                      "gru_one_layer_initial", "gru_stacked_bidirectional_lengths", "gru_no_bias_float64",
                      "rnn_tanh_bidirectional_lengths", "rnn_relu_batch_first"])
    func layerMatchesTorch(_ name: String) throws {
        let record = fixtures.object(name)
        let config = record.object("config")
        let dtype: DType = config["float64"] as! Bool ? .float64 : .float32
        let (input, hidden, layers) = (config["input"] as! Int, config["hidden"] as! Int, config["layers"] as! Int)
        let (bidirectional, batchFirst, bias) = (config["bidirectional"] as! Bool, config["batch_first"] as! Bool, config["bias"] as! Bool)
        let lengths = config["lengths"] as? [Int]
        var leaves = ["x": leaf(record, "x", dtype)]
        for key in ["h0", "c0"] where record[key] != nil { leaves[key] = leaf(record, key, dtype) }
        let x = leaves["x"]!
        let module: Module
        var outputs: [String: Tensor] = [:]
        switch config["kind"] as! String {
        case "LSTM":
            let lstm = LSTM(input, hidden, numLayers: layers, bias: bias, batchFirst: batchFirst, bidirectional: bidirectional, dtype: dtype)
            load(lstm, record, dtype: dtype)
            let state = leaves["h0"].map { ($0, leaves["c0"]!) }
            let (y, (h, c)) = lstm(x, state, lengths: lengths)
            (module, outputs) = (lstm, ["output": y, "h_n": h, "c_n": c])
        case "GRU":
            let gru = GRU(input, hidden, numLayers: layers, bias: bias, batchFirst: batchFirst, bidirectional: bidirectional, dtype: dtype)
            load(gru, record, dtype: dtype)
            let (y, h) = gru(x, leaves["h0"], lengths: lengths)
            (module, outputs) = (gru, ["output": y, "h_n": h])
        default:
            let rnn = RNN(input, hidden, numLayers: layers, nonlinearity: config["nonlinearity"] as! String == "relu" ? .relu : .tanh,
                          bias: bias, batchFirst: batchFirst, bidirectional: bidirectional, dtype: dtype)
            load(rnn, record, dtype: dtype)
            let (y, h) = rnn(x, leaves["h0"], lengths: lengths)
            (module, outputs) = (rnn, ["output": y, "h_n": h])
        }
        check(name, record, module: module, outputs: outputs, leaves: leaves, dtype: dtype)
    }

    @Test(arguments: ["rnn_cell", "rnn_cell_relu", "lstm_cell", "gru_cell"])
    func cellMatchesTorch(_ name: String) {
        let record = fixtures.object(name)
        let config = record.object("config")
        let (input, hidden) = (config["input"] as! Int, config["hidden"] as! Int)
        let (x, h) = (leaf(record, "x", .float32), leaf(record, "h0", .float32))
        let module: Module
        var outputs: [String: Tensor] = [:]
        var leaves = ["x": x, "h0": h]
        switch config["kind"] as! String {
        case "LSTMCell":
            let cell = LSTMCell(input, hidden)
            load(cell, record, dtype: .float32)
            let c = leaf(record, "c0", .float32)
            leaves["c0"] = c
            let next = cell(x, (h, c))
            (module, outputs) = (cell, ["h_n": next.h, "c_n": next.c])
        case "GRUCell":
            let cell = GRUCell(input, hidden)
            load(cell, record, dtype: .float32)
            (module, outputs) = (cell, ["h_n": cell(x, h)])
        default:
            let cell = RNNCell(input, hidden, nonlinearity: config["nonlinearity"] as! String == "relu" ? .relu : .tanh)
            load(cell, record, dtype: .float32)
            (module, outputs) = (cell, ["h_n": cell(x, h)])
        }
        check(name, record, module: module, outputs: outputs, leaves: leaves, dtype: .float32)
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
        #expect(gradientCheck(x, h: h) { lstmLoss($0, h0, c0) } < 1e-7)
        #expect(gradientCheck(h0, h: h) { lstmLoss(x, $0, c0) } < 1e-7)
        #expect(gradientCheck(c0, h: h) { lstmLoss(x, h0, $0) } < 1e-7)
        #expect(gradientCheck(x, h: h) { gruLoss($0, h0) } < 1e-7)
        #expect(gradientCheck(h0, h: h) { gruLoss(x, $0) } < 1e-7)
        for (name, p) in lstm.namedParameters() {
            #expect(gradientCheck(p, h: h) { _ in lstmLoss(x, h0, c0) } < 1e-7, "LSTM \(name)")
        }
        for (name, p) in gru.namedParameters() {
            #expect(gradientCheck(p, h: h) { _ in gruLoss(x, h0) } < 1e-7, "GRU \(name)")
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
