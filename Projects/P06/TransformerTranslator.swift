import DeepLearning
import Foundation

/// The sizes of a translation model, saved beside its weights.
struct ModelConfig: Codable, Equatable {
    var kind = "transformer"
    var vocabulary: Int
    var dModel = 256
    var heads = 4
    var encoderLayers = 3
    var decoderLayers = 3
    var feedForward = 1024
    var dropout = 0.1
    var maxLength = 256
}

/// What the decoders need from a translation model: encode a batch once, then step the
/// decoder one token at a time with its own cache.
protocol Translator: Module {
    var config: ModelConfig { get }
    /// Teacher-forced logits `[B, T, V]` for target inputs `[B, T]` (BOS first).
    func logits(source: PaddedBatch, targetIn: Tensor) -> Tensor
    /// A decoding state for the batch, one row per sentence.
    func startDecoding(source: PaddedBatch) -> IncrementalDecoder
}

/// An encoder–decoder Transformer (Vaswani et al. 2017) with pre-LN layers, sinusoidal
/// positions and one embedding table for source, target and output projection
/// (the vocabulary is joint, so all three are tied).
final class TransformerTranslator: Module, Translator {
    let config: ModelConfig
    let embedding: Embedding
    let encoder: TransformerEncoder
    let decoder: TransformerDecoder
    private struct Table { let values: Tensor }
    private let positions: Table

    init(_ config: ModelConfig) {
        self.config = config
        let c = config
        embedding = scaledEmbedding(vocabulary: c.vocabulary, dim: c.dModel)
        encoder = TransformerEncoder(numLayers: c.encoderLayers, norm: LayerNorm(c.dModel)) {
            TransformerEncoderLayer(
                dModel: c.dModel, nhead: c.heads, dimFeedforward: c.feedForward, dropout: c.dropout,
                batchFirst: true, normFirst: true)
        }
        decoder = TransformerDecoder(numLayers: c.decoderLayers, norm: LayerNorm(c.dModel)) {
            TransformerDecoderLayer(
                dModel: c.dModel, nhead: c.heads, dimFeedforward: c.feedForward, dropout: c.dropout,
                batchFirst: true, normFirst: true)
        }
        positions = Table(values: sinusoidalPositionalEncoding(length: c.maxLength, dim: c.dModel))
        super.init()
    }

    override var namedChildren: [(name: String, module: Module)] {
        [("embedding", embedding), ("encoder", encoder), ("decoder", decoder)]
    }

    /// √d·E[ids] + PE[offset...], then dropout.
    func embed(_ ids: Tensor, offset: Int = 0) -> Tensor {
        let length = ids.shape[1]
        precondition(offset + length <= config.maxLength, "TransformerTranslator: position \(offset + length) beyond maxLength \(config.maxLength)")
        let x = embedding(ids) * Double(config.dModel).squareRoot() + positions.values.slice(axis: 0, start: offset, end: offset + length)
        return dropout(x, p: config.dropout, training: isTraining)
    }

    /// `[B, S]` additive key mask: 0 on real tokens, -∞ on padding.
    static func sourceMask(_ source: PaddedBatch) -> AttentionMask { .allowed(source.mask.to(.float32)) }

    func encode(_ source: PaddedBatch) -> Tensor {
        encoder(embed(source.ids), srcKeyPaddingMask: Self.sourceMask(source))
    }

    func project(_ h: Tensor) -> Tensor { linear(h, embedding.weight) }

    func logits(source: PaddedBatch, targetIn: Tensor) -> Tensor {
        let memory = encode(source)
        return project(decoder(embed(targetIn), memory: memory, memoryKeyPaddingMask: Self.sourceMask(source), tgtIsCausal: true))
    }

    func startDecoding(source: PaddedBatch) -> IncrementalDecoder {
        TransformerDecoding(model: self, memory: encode(source), sourceMask: source.mask.to(.float32))
    }
}

/// The Transformer decoder run one position at a time, with each layer's keys and values
/// cached (`[rows, t, E]`) so step t attends over them instead of recomputing the prefix.
final class TransformerDecoding: IncrementalDecoder {
    let model: TransformerTranslator
    /// Per layer: the encoder output projected to keys and values once.
    private var memoryKeys: [Tensor], memoryValues: [Tensor]
    private var selfKeys: [Tensor?], selfValues: [Tensor?]
    /// `[rows, 1, 1, S]` additive mask over the source.
    private var sourceMask: Tensor
    private(set) var position = 0
    /// The last step's cross-attention weights per layer, `[rows, heads, 1, S]`.
    private(set) var crossAttention: [Tensor] = []

    init(model: TransformerTranslator, memory: Tensor, sourceMask: Tensor) {
        self.model = model
        let e = model.config.dModel
        (memoryKeys, memoryValues) = ([], [])
        for layer in model.decoder.layers {
            let w = layer.multiheadAttn.inProjWeight.split(sizes: [e, e, e]), b = layer.multiheadAttn.inProjBias?.split(sizes: [e, e, e])
            memoryKeys.append(linear(memory, w[1], b?[1]))
            memoryValues.append(linear(memory, w[2], b?[2]))
        }
        selfKeys = Array(repeating: nil, count: model.decoder.layers.count)
        selfValues = selfKeys
        let rows = sourceMask.shape[0], length = sourceMask.shape[1]
        self.sourceMask = `where`(sourceMask .!= 0, Tensor(0, dtype: .float32), Tensor(-.infinity, dtype: .float32))
            .reshape([rows, 1, 1, length])
    }

    var rows: Int { sourceMask.shape[0] }

    private func attend(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, heads: Int) -> (Tensor, Tensor) {
        multiHeadAttention(q, k, v, heads: heads, mask: mask.map { .additive($0) })
    }

    func step(_ tokens: [Int]) -> Tensor {
        precondition(tokens.count == rows, "TransformerDecoding.step: \(tokens.count) tokens for \(rows) rows")
        let e = model.config.dModel, heads = model.config.heads
        var x = model.embed(Tensor(ints: tokens, shape: [rows, 1]), offset: position)
        crossAttention = []
        for (l, layer) in model.decoder.layers.enumerated() {
            let qkv = linear(layer.norm1(x), layer.selfAttn.inProjWeight, layer.selfAttn.inProjBias).split(sizes: [e, e, e], axis: 2)
            let keys = selfKeys[l].map { concat([$0, qkv[1]], axis: 1) } ?? qkv[1]
            let values = selfValues[l].map { concat([$0, qkv[2]], axis: 1) } ?? qkv[2]
            (selfKeys[l], selfValues[l]) = (keys, values)
            x = x + layer.selfAttn.outProj(attend(qkv[0], keys, values, mask: nil, heads: heads).0)
            let cross = layer.multiheadAttn
            let w = cross.inProjWeight.split(sizes: [e, e, e]), b = cross.inProjBias?.split(sizes: [e, e, e])
            let (context, weights) = attend(linear(layer.norm2(x), w[0], b?[0]), memoryKeys[l], memoryValues[l], mask: sourceMask, heads: heads)
            crossAttention.append(weights)
            x = x + cross.outProj(context)
            x = x + layer.linear2(layer.linear1(layer.norm3(x)).relu())
        }
        position += 1
        let h = model.decoder.norm.map { $0(x) } ?? x
        return model.project(h).reshape([rows, model.config.vocabulary]).logSoftmax(axis: -1)
    }

    func select(rows selected: [Int]) {
        let index = Tensor(ints: selected)
        func pick(_ t: Tensor) -> Tensor { t.indexSelect(axis: 0, index) }
        memoryKeys = memoryKeys.map(pick)
        memoryValues = memoryValues.map(pick)
        selfKeys = selfKeys.map { $0.map(pick) }
        selfValues = selfValues.map { $0.map(pick) }
        sourceMask = pick(sourceMask)
        crossAttention = crossAttention.map(pick)
    }
}

/// An embedding initialised N(0, 1/d) (it is multiplied by √d in use), its padding row zero.
func scaledEmbedding(vocabulary: Int, dim: Int) -> Embedding {
    let embedding = Embedding(vocabulary, dim, paddingIndex: Specials.pad)
    noGrad { embedding.weight.assign(Tensor.randn([vocabulary, dim], std: 1 / Double(dim).squareRoot())) }
    embedding.weight.withFloats { w in for j in 0..<dim { w[Specials.pad * dim + j] = 0 } }
    return embedding
}

/// Token ids the vocabulary reserves.
enum Specials {
    static let names = ["<pad>", "<unk>", "<bos>", "<eos>"]
    static let pad = 0, unk = 1, bos = 2, eos = 3
}
