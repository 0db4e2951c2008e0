import FileIO
import Foundation
import NN
import Tensors

/// The fields of a Hugging Face BERT `config.json` that the model needs.
public struct BertConfig: Codable, Equatable, Sendable {
    public var vocabSize = 30522, hiddenSize = 768, numHiddenLayers = 12, numAttentionHeads = 12
    public var intermediateSize = 3072, maxPositionEmbeddings = 512, typeVocabSize = 2
    public var layerNormEps = 1e-12
    public var hiddenAct = "gelu"

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", intermediateSize = "intermediate_size"
        case maxPositionEmbeddings = "max_position_embeddings", typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps", hiddenAct = "hidden_act"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T { try c.decodeIfPresent(T.self, forKey: key) ?? fallback }
        let d = BertConfig()
        vocabSize = try value(.vocabSize, d.vocabSize)
        hiddenSize = try value(.hiddenSize, d.hiddenSize)
        numHiddenLayers = try value(.numHiddenLayers, d.numHiddenLayers)
        numAttentionHeads = try value(.numAttentionHeads, d.numAttentionHeads)
        intermediateSize = try value(.intermediateSize, d.intermediateSize)
        maxPositionEmbeddings = try value(.maxPositionEmbeddings, d.maxPositionEmbeddings)
        typeVocabSize = try value(.typeVocabSize, d.typeVocabSize)
        layerNormEps = try value(.layerNormEps, d.layerNormEps)
        hiddenAct = try value(.hiddenAct, d.hiddenAct)
    }

    /// Reads `config.json`; throws `ModelFolderError` for a missing or unsupported one.
    public static func load(from url: URL) throws -> BertConfig {
        guard let config = try decodeModelFile(BertConfig.self, at: url, description: "BERT config.json") else {
            throw ModelFolderError.missing(path: url.path)
        }
        guard config.hiddenAct == "gelu" else {
            throw ModelFolderError.invalid(path: url.path, reason: "hidden_act \(config.hiddenAct) is not supported (only gelu)")
        }
        guard config.hiddenSize % config.numAttentionHeads == 0 else {
            throw ModelFolderError.invalid(path: url.path, reason: "hidden_size \(config.hiddenSize) is not a multiple of \(config.numAttentionHeads) heads")
        }
        return config
    }
}

/// Why a Hugging Face model folder could not be read.
public enum ModelFolderError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case missing(path: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(path): return "model file not found: \(path)"
        case let .invalid(path, reason): return "\(path): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}

/// The JSON file at `url` as `T`, or nil when there is no such file. A file that is
/// there but is not a `description` throws `ModelFolderError.invalid` saying where it is wrong.
func decodeModelFile<T: Decodable>(_ type: T.Type, at url: URL, description: String) throws -> T? {
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    let data: Data
    do { data = try FileIO.read(url.path) } catch { throw ModelFolderError.invalid(path: url.path, reason: "\(error)") }
    do { return try JSONDecoder().decode(T.self, from: data) } catch let error as DecodingError {
        throw ModelFolderError.invalid(path: url.path, reason: "not a \(description): \(error.briefReason)")
    }
}

extension DecodingError {
    /// One line naming the place and the problem: `model.vocab: expected Dictionary<String, Int>`.
    var briefReason: String {
        func place(_ path: [CodingKey]) -> String {
            path.isEmpty ? "the file" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case let .typeMismatch(type, context): return "\(place(context.codingPath)): expected \(type)"
        case let .valueNotFound(type, context): return "\(place(context.codingPath)): expected \(type), found null"
        case let .keyNotFound(key, context): return "\(place(context.codingPath)) has no \(key.stringValue)"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(place(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(self)"
        }
    }
}

/// BERT (Devlin et al., 2018) as Hugging Face `transformers` builds `BertModel`: token,
/// position and token-type embeddings, a stack of post-LayerNorm encoder layers
/// (multi-head self-attention, then a GELU feed-forward, each added back and normalised),
/// and the pooler (tanh of a dense layer over the `[CLS]` vector). Parameter names match
/// Hugging Face's (`encoder.layer.0.attention.self.query.weight`), so `model.safetensors`
/// loads as it is, with or without the `bert.` prefix of pre-training checkpoints.
///
/// ```swift
/// let model = try BertModel.load(from: folder)       // config.json + model.safetensors
/// let out = model(inputIds: ids, attentionMask: mask)
/// out.lastHiddenState   // [batch, tokens, hidden]
/// ```
public final class BertModel: Module {
    public let config: BertConfig
    public let embeddings: BertEmbeddings
    public let layers: [BertLayer]
    public let pooler: Linear

    public init(_ config: BertConfig) {
        self.config = config
        embeddings = BertEmbeddings(config)
        layers = (0..<config.numHiddenLayers).map { _ in BertLayer(config) }
        pooler = Linear(config.hiddenSize, config.hiddenSize)
    }

    public override var namedChildren: [(name: String, module: Module)] {
        [("embeddings", embeddings)] + layers.enumerated().map { ("encoder.layer.\($0.offset)", $0.element) } + [("pooler.dense", pooler)]
    }

    /// Reads `config.json` and `model.safetensors` from a Hugging Face model folder.
    public static func load(from folder: URL) throws -> BertModel {
        let model = BertModel(try BertConfig.load(from: folder.appendingPathComponent("config.json")))
        try model.loadHuggingFace(SafeTensors.read(from: folder.appendingPathComponent("model.safetensors")))
        model.eval()
        return model
    }

    /// Loads Hugging Face weights: a `bert.` prefix is removed (other heads, such as
    /// `cls.*`, are then ignored) and the constant `embeddings.position_ids` is skipped.
    public func loadHuggingFace(_ tensors: [String: Tensor]) throws {
        var dict = tensors
        if dict.keys.contains(where: { $0.hasPrefix("bert.") }) {
            dict = Dictionary(uniqueKeysWithValues: dict.filter { $0.key.hasPrefix("bert.") }.map { (String($0.key.dropFirst(5)), $0.value) })
        }
        dict["embeddings.position_ids"] = nil
        try loadStateDict(dict)
    }

    public struct Output {
        /// [batch, tokens, hidden]
        public let lastHiddenState: Tensor
        /// tanh(dense(first token)): [batch, hidden]
        public let poolerOutput: Tensor
    }

    /// - Parameters:
    ///   - inputIds: int64 [batch, tokens].
    ///   - tokenTypeIds: int64 [batch, tokens], segment A (0) or B (1); zeros when nil.
    ///   - attentionMask: [batch, tokens], 1 for real tokens and 0 for padding; all ones when nil.
    public func callAsFunction(inputIds: Tensor, tokenTypeIds: Tensor? = nil, attentionMask: Tensor? = nil) -> Output {
        precondition(inputIds.rank == 2, "BertModel: inputIds must be [batch, tokens], got \(inputIds.shape)")
        precondition(
            inputIds.shape[1] <= config.maxPositionEmbeddings,
            "BertModel: \(inputIds.shape[1]) tokens, the model has \(config.maxPositionEmbeddings) positions")
        var h = embeddings(inputIds: inputIds, tokenTypeIds: tokenTypeIds ?? Tensor.zeros(inputIds.shape, dtype: .int64))
        // Padding gets the most negative float added to its attention scores, as Hugging Face: [batch, 1, 1, tokens].
        let bias = attentionMask.map { mask in
            ((1 - mask.to(.float32)) * -Double(Float.greatestFiniteMagnitude)).reshape([inputIds.shape[0], 1, 1, inputIds.shape[1]])
        }
        for layer in layers { h = layer(h, attentionBias: bias) }
        let pooled = pooler(h.slice(axis: 1, start: 0, end: 1).squeeze(axis: 1)).tanh()
        return Output(lastHiddenState: h, poolerOutput: pooled)
    }

    public override func forward(_ x: Tensor) -> Tensor { self(inputIds: x).lastHiddenState }
}

extension Module {
    /// Re-initializes the weights as Hugging Face's `BertPreTrainedModel._init_weights`
    /// does, for BERT trained from scratch: linear and embedding weights from N(0, std²),
    /// linear biases 0, LayerNorm weights 1 and biases 0. (The library's defaults, PyTorch's
    /// N(0, 1) embeddings among them, give a tied masked-LM decoder logits of size ~√hidden.)
    public func initializeLikeBERT(std: Double = 0.02) {
        noGrad {
            for module in modules() {
                if let linear = module as? Linear {
                    linear.weight.assign(Tensor.randn(linear.weight.shape, std: std))
                    linear.bias?.assign(Tensor.zeros(linear.bias!.shape))
                } else if let embedding = module as? Embedding {
                    embedding.weight.assign(Tensor.randn(embedding.weight.shape, std: std))
                } else if let norm = module as? LayerNorm {
                    norm.weight?.assign(Tensor.ones(norm.weight!.shape))
                    norm.bias?.assign(Tensor.zeros(norm.bias!.shape))
                }
            }
        }
    }
}

/// Word + position + token-type embeddings, then LayerNorm and dropout.
public final class BertEmbeddings: Module {
    public let wordEmbeddings: Embedding, positionEmbeddings: Embedding, tokenTypeEmbeddings: Embedding
    public let norm: LayerNorm
    public let dropout = Dropout(0.1)

    init(_ config: BertConfig) {
        wordEmbeddings = Embedding(config.vocabSize, config.hiddenSize)
        positionEmbeddings = Embedding(config.maxPositionEmbeddings, config.hiddenSize)
        tokenTypeEmbeddings = Embedding(config.typeVocabSize, config.hiddenSize)
        norm = LayerNorm(config.hiddenSize, eps: config.layerNormEps)
    }

    public override var namedChildren: [(name: String, module: Module)] {
        [
            ("word_embeddings", wordEmbeddings), ("position_embeddings", positionEmbeddings),
            ("token_type_embeddings", tokenTypeEmbeddings), ("LayerNorm", norm), ("dropout", dropout),
        ]
    }

    func callAsFunction(inputIds: Tensor, tokenTypeIds: Tensor) -> Tensor {
        let positions = Tensor.arange(0, Double(inputIds.shape[1])).reshape([1, inputIds.shape[1]])
        let sum = wordEmbeddings(inputIds) + positionEmbeddings(positions) + tokenTypeEmbeddings(tokenTypeIds)
        return dropout(norm(sum))
    }
}

/// One encoder layer: self-attention + residual + LayerNorm, then a GELU feed-forward
/// + residual + LayerNorm (post-LN, as the original BERT).
public final class BertLayer: Module {
    public let query: Linear, key: Linear, value: Linear, attentionOutput: Linear, attentionNorm: LayerNorm
    public let intermediate: Linear, output: Linear, outputNorm: LayerNorm
    public let dropout = Dropout(0.1)
    public let heads: Int

    init(_ config: BertConfig) {
        let (h, i) = (config.hiddenSize, config.intermediateSize)
        (query, key, value, attentionOutput) = (Linear(h, h), Linear(h, h), Linear(h, h), Linear(h, h))
        attentionNorm = LayerNorm(h, eps: config.layerNormEps)
        (intermediate, output) = (Linear(h, i), Linear(i, h))
        outputNorm = LayerNorm(h, eps: config.layerNormEps)
        heads = config.numAttentionHeads
    }

    public override var namedChildren: [(name: String, module: Module)] {
        [
            ("attention.self.query", query), ("attention.self.key", key), ("attention.self.value", value),
            ("attention.output.dense", attentionOutput), ("attention.output.LayerNorm", attentionNorm),
            ("intermediate.dense", intermediate), ("output.dense", output), ("output.LayerNorm", outputNorm), ("dropout", dropout),
        ]
    }

    func callAsFunction(_ x: Tensor, attentionBias: Tensor?) -> Tensor {
        let (batch, tokens, width) = (x.shape[0], x.shape[1], x.shape[2])
        let d = width / heads
        func split(_ t: Tensor) -> Tensor { t.reshape([batch, tokens, heads, d]).permute([0, 2, 1, 3]) }  // [B, heads, T, d]
        let (q, k, v) = (split(query(x)), split(key(x)), split(value(x)))
        var scores = q.matmul(k.permute([0, 1, 3, 2])) / Double(d).squareRoot()
        if let attentionBias { scores = scores + attentionBias }
        let context = dropout(scores.softmax(axis: -1)).matmul(v).permute([0, 2, 1, 3]).reshape([batch, tokens, width])
        let attended = attentionNorm(dropout(attentionOutput(context)) + x)
        return outputNorm(dropout(output(intermediate(attended).gelu())) + attended)
    }
}
