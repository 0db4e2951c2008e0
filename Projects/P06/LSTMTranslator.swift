import DeepLearning
import Foundation

/// The baseline: an LSTM encoder–decoder with attention (Luong et al. 2015, "general"
/// scoring without input feeding). A bidirectional encoder reads the source; a one-layer
/// decoder LSTM reads the target prefix; each decoder state attends over the encoder
/// states, and tanh(W[h; context]) goes through the tied output projection.
final class LSTMTranslator: Module, Translator {
    let config: ModelConfig
    let embedding: Embedding
    let encoder: LSTM
    let decoder: LSTM
    let combine: Linear

    init(_ config: ModelConfig) {
        self.config = config
        let d = config.dModel
        embedding = scaledEmbedding(vocabulary: config.vocabulary, dim: d)
        encoder = LSTM(d, d / 2, batchFirst: true, bidirectional: true)
        decoder = LSTM(d, d, batchFirst: true)
        combine = Linear(2 * d, d)
        super.init()
    }

    override var namedChildren: [(name: String, module: Module)] {
        [("embedding", embedding), ("encoder", encoder), ("decoder", decoder), ("combine", combine)]
    }

    func embed(_ ids: Tensor) -> Tensor {
        dropout(embedding(ids) * Double(config.dModel).squareRoot(), p: config.dropout, training: isTraining)
    }

    func encode(_ source: PaddedBatch) -> Tensor { encoder(embed(source.ids), lengths: source.lengths).output }

    /// `[B, 1, S]` additive mask over the source.
    static func sourceMask(_ mask: Tensor) -> Tensor {
        `where`(mask .!= 0, Tensor(0, dtype: .float32), Tensor(-.infinity, dtype: .float32)).unsqueeze(axis: 1)
    }

    /// Decoder states `[B, T, d]` attend over `memory`; the combined output's logits.
    func output(_ states: Tensor, memory: Tensor, mask: Tensor) -> (logits: Tensor, weights: Tensor) {
        let (context, weights) = scaledDotProductAttention(states, memory, memory, mask: .additive(mask))
        let h = dropout(combine(concat([states, context], axis: 2)).tanh(), p: config.dropout, training: isTraining)
        return (linear(h, embedding.weight), weights)
    }

    func logits(source: PaddedBatch, targetIn: Tensor) -> Tensor {
        let memory = encode(source)
        return output(decoder(embed(targetIn)).output, memory: memory, mask: Self.sourceMask(source.mask)).logits
    }

    func startDecoding(source: PaddedBatch) -> IncrementalDecoder {
        LSTMDecoding(model: self, memory: encode(source), mask: Self.sourceMask(source.mask))
    }
}

/// The LSTM decoder one token at a time; its cache is the recurrent state.
final class LSTMDecoding: IncrementalDecoder {
    let model: LSTMTranslator
    private var memory: Tensor, mask: Tensor
    private var state: (h: Tensor, c: Tensor)?
    private(set) var crossAttention: [Tensor] = []

    init(model: LSTMTranslator, memory: Tensor, mask: Tensor) { (self.model, self.memory, self.mask) = (model, memory, mask) }

    func step(_ tokens: [Int]) -> Tensor {
        let rows = memory.shape[0]
        let (states, next) = model.decoder(model.embed(Tensor(ints: tokens, shape: [rows, 1])), state)
        state = next
        let (logits, weights) = model.output(states, memory: memory, mask: mask)
        crossAttention = [weights.unsqueeze(axis: 1)]
        return logits.reshape([rows, model.config.vocabulary]).logSoftmax(axis: -1)
    }

    func select(rows: [Int]) {
        let index = Tensor(ints: rows)
        memory = memory.indexSelect(axis: 0, index)
        mask = mask.indexSelect(axis: 0, index)
        state = state.map { ($0.h.indexSelect(axis: 1, index), $0.c.indexSelect(axis: 1, index)) }
        crossAttention = crossAttention.map { $0.indexSelect(axis: 0, index) }
    }
}
