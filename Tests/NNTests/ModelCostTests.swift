import Testing
@testable import NN

/// Forward hooks and `ModelCost` on layers called with several tensors (attention, recurrent
/// layers and cells), whose multiply-accumulates are counted by the formulas of `ModelCost`.
@Suite struct ModelCostTests {
    @Test func attentionReportsItsThreeInputsOnce() {
        let attention = MultiheadAttention(embedDim: 8, numHeads: 2, batchFirst: true)
        let query = Tensor.randn([2, 3, 8]), memory = Tensor.randn([2, 5, 8])
        var calls: [ForwardCall] = []
        Module.withForwardHook({ calls.append($0) }) { _ = attention(query, memory, memory) }
        #expect(calls.map(\.module.typeName) == ["Linear", "MultiheadAttention"])
        #expect(calls[1].inputs.map(\.shape) == [[2, 3, 8], [2, 5, 8], [2, 5, 8]])
        #expect(calls[1].outputs.map(\.shape) == [[2, 3, 8], [2, 3, 5]])
        // Called with one tensor, the module attends from it to itself: still one report.
        calls = []
        Module.withForwardHook({ calls.append($0) }) { _ = attention(query) }
        #expect(calls.filter { $0.module === attention }.count == 1)
        #expect(calls.last?.inputs.map(\.shape) == [[2, 3, 8]])
    }

    @Test func recurrentLayersReportTheirStates() {
        let lstm = LSTM(5, 7, numLayers: 2)
        var calls: [ForwardCall] = []
        let h0 = Tensor.zeros([2, 3, 7]), c0 = Tensor.zeros([2, 3, 7])
        Module.withForwardHook({ calls.append($0) }) { _ = lstm(Tensor.randn([4, 3, 5]), (h0, c0)) }
        #expect(calls.count == 1)
        #expect(calls[0].inputs.map(\.shape) == [[4, 3, 5], [2, 3, 7], [2, 3, 7]])
        #expect(calls[0].outputs.map(\.shape) == [[4, 3, 7], [2, 3, 7], [2, 3, 7]])
    }

    @Test func attentionMACsFollowTheFormula() {
        // Rows r = B·L = 12, E = 16, F = 32: input projection 3·r·E², scores and weighted sum
        // 2·r·L·E, output projection r·E², feed-forward 2·r·E·F.
        let layer = TransformerEncoderLayer(dModel: 16, nhead: 4, dimFeedforward: 32, batchFirst: true)
        let cost = ModelCost(of: layer, input: Tensor.zeros([2, 6, 16]))
        let rows = 12
        #expect(cost.macs == 3 * rows * 16 * 16 + 2 * rows * 6 * 16 + rows * 16 * 16 + 2 * rows * 16 * 32)
        #expect(cost.layers.map(\.parameters).reduce(0, +) == layer.parameterCount)
        #expect(cost.layers.first { $0.layer == "MultiheadAttention" }?.name == "self_attn")
        // Attending to a longer memory: the scores grow with its length S = 10.
        let attention = MultiheadAttention(embedDim: 16, numHeads: 4)
        let (query, memory) = (Tensor.zeros([6, 2, 16]), Tensor.zeros([10, 2, 16]))
        let cross = ModelCost(of: attention) { _ = attention(query, memory, memory) }
        #expect(cross.macs == 16 * (12 + 20 + 20) * 16 + 2 * 12 * 16 * 10 + 12 * 16 * 16)
    }

    @Test func recurrentMACsFollowTheFormula() {
        // G·H·(in + H) per step, row, layer and direction: LSTM G = 4, T·B = 12, H = 7,
        // layer inputs 5 and 2·7 (bidirectional).
        let lstm = LSTM(5, 7, numLayers: 2, bidirectional: true)
        #expect(ModelCost(of: lstm, input: Tensor.zeros([4, 3, 5])).macs == 12 * 2 * 4 * 7 * ((5 + 7) + (14 + 7)))
        #expect(ModelCost(of: GRU(5, 7), input: Tensor.zeros([4, 3, 5])).macs == 12 * 3 * 7 * (5 + 7))
        #expect(ModelCost(of: GRUCell(5, 7), input: Tensor.zeros([3, 5])).macs == 3 * 3 * 7 * (5 + 7))
        #expect(ModelCost(of: RNNCell(5, 7), input: Tensor.zeros([3, 5])).macs == 3 * 7 * (5 + 7))
    }
}
