import Foundation
import Testing
import Workbook
@testable import NN

/// Transformer layers against PyTorch in eval mode (Fixtures/transformer.json), positional
/// encodings and weight tying.
@Suite struct SequenceTransformerTests {
    let fixtures: JSONFixture
    init() throws { fixtures = try JSONFixture.load("transformer.json", from: .module) }

    private func activation(_ config: JSONFixture) -> TransformerActivation {
        config["activation"].string == "gelu" ? .gelu : .relu
    }

    /// `[B, S]` padding for sequences of `lengths` as a key padding mask.
    private func padding(_ lengths: JSONFixture?, _ size: Int) -> AttentionMask? {
        lengths.map { .allowed(paddingMask(lengths: $0.ints, maxLength: size)) }
    }

    private func encoderLayer(_ config: JSONFixture) -> TransformerEncoderLayer {
        TransformerEncoderLayer(
            dModel: config["d_model"].int, nhead: config["nhead"].int,
            dimFeedforward: config["dim_feedforward"].int, dropout: 0.1, activation: activation(config),
            layerNormEps: config["layer_norm_eps"].double, batchFirst: config["batch_first"].bool,
            normFirst: config["norm_first"].bool)
    }

    @Test(arguments: ["encoder_post_ln_padding", "encoder_pre_ln_gelu_causal", "encoder_stack_final_norm"])
    func encoderMatchesTorch(_ name: String) {
        let torch = TorchCase(fixtures, name)
        let config = torch.config
        let src = torch.leaf("src")
        let mask = padding(config.optional("padding"), src.shape[config["batch_first"].bool ? 1 : 0])
        let causal = config["causal"].bool
        let module: Module, output: Tensor
        if let layers = config.optional("layers")?.int {
            let encoder = TransformerEncoder(numLayers: layers, norm: LayerNorm(config["d_model"].int)) { encoderLayer(config) }
            (module, output) = (encoder, load(encoder, torch) { encoder(src, srcKeyPaddingMask: mask, isCausal: causal) })
        } else {
            let layer = encoderLayer(config)
            (module, output) = (layer, load(layer, torch) { layer(src, srcKeyPaddingMask: mask, isCausal: causal) })
        }
        torch.check(outputs: ["output": output], leaves: ["src": src], module: module)
    }

    @Test(arguments: ["decoder_post_ln_memory_padding", "decoder_pre_ln_gelu_target_padding"])
    func decoderMatchesTorch(_ name: String) {
        let torch = TorchCase(fixtures, name)
        let config = torch.config
        let batchFirst = config["batch_first"].bool
        let (tgt, memory) = (torch.leaf("tgt"), torch.leaf("memory"))
        let layer = TransformerDecoderLayer(
            dModel: config["d_model"].int, nhead: config["nhead"].int,
            dimFeedforward: config["dim_feedforward"].int, dropout: 0.1,
            activation: activation(config), batchFirst: batchFirst, normFirst: config["norm_first"].bool)
        let output = load(layer, torch) {
            layer(
                tgt, memory: memory, tgtKeyPaddingMask: padding(config.optional("tgt_padding"), tgt.shape[batchFirst ? 1 : 0]),
                memoryKeyPaddingMask: padding(config.optional("memory_padding"), memory.shape[batchFirst ? 1 : 0]), tgtIsCausal: true)
        }
        torch.check(outputs: ["output": output], leaves: ["tgt": tgt, "memory": memory], module: layer)
    }

    /// Loads PyTorch's weights, switches to eval mode (dropout off, as the fixtures) and runs `body`.
    private func load(_ module: Module, _ torch: TorchCase, _ body: () -> Tensor) -> Tensor {
        torch.load(module)
        module.eval()
        return body()
    }

    @Test func encoderStackHasTorchParameterNames() {
        let encoder = TransformerEncoder(numLayers: 2, norm: LayerNorm(8)) { TransformerEncoderLayer(dModel: 8, nhead: 2, dimFeedforward: 16) }
        let names = encoder.namedParameters().map(\.name)
        #expect(names.count == 2 * 12 + 2)
        #expect(
            names.prefix(4) == [
                "layers.0.self_attn.in_proj_weight", "layers.0.self_attn.in_proj_bias",
                "layers.0.self_attn.out_proj.weight", "layers.0.self_attn.out_proj.bias",
            ])
        #expect(names.suffix(2) == ["norm.weight", "norm.bias"])
        let decoder = TransformerDecoderLayer(dModel: 8, nhead: 2, dimFeedforward: 16)
        #expect(decoder.namedParameters().map(\.name).contains("multihead_attn.in_proj_weight"))
        #expect(decoder.namedParameters().map(\.name).contains("norm3.bias"))
    }

    @Test func dropoutIsActiveInTrainingMode() {
        Random.seed(12)
        let layer = TransformerEncoderLayer(dModel: 8, nhead: 2, dimFeedforward: 16, dropout: 0.5, batchFirst: true)
        let x = Tensor.randn([2, 3, 8])
        layer.eval()
        let a = layer(x), b = layer(x)
        #expect(close(a, b, rtol: 0, atol: 0))
        layer.train()
        #expect(!close(layer(x), a, rtol: 1e-3))
    }

    /// The fused layer norm under the Transformer layers, against its formula and finite differences.
    @Test func layerNormKernelMatchesFormulaAndFiniteDifferences() {
        Random.seed(15)
        let x = Tensor.randn([3, 2, 5], dtype: .float64) * 3 + 1
        let w = Tensor.randn([2, 5], dtype: .float64), b = Tensor.randn([2, 5], dtype: .float64)
        let g = Tensor.randn([3, 2, 5], dtype: .float64)
        let mean = x.mean(axes: [1, 2], keepDims: true), variance = x.variance(axes: [1, 2], unbiased: false, keepDims: true)
        let formula = (x - mean) / (variance + 1e-5).sqrt() * w + b
        #expect(close(layerNorm(x, normalizedShape: [2, 5], weight: w, bias: b), formula, rtol: 1e-12, atol: 1e-12))
        #expect(gradientError(of: { (layerNorm($0, normalizedShape: [2, 5], weight: w, bias: b) * g).sum() }, at: x) < 1e-7)
        #expect(gradientError(of: { (layerNorm(x, normalizedShape: [2, 5], weight: $0, bias: b) * g).sum() }, at: w) < 1e-7)
        #expect(gradientError(of: { (layerNorm(x, normalizedShape: [2, 5], weight: w, bias: $0) * g).sum() }, at: b) < 1e-7)
        #expect(gradientError(of: { (layerNorm($0, normalizedShape: [5]) * g).sum() }, at: x) < 1e-7)
    }

    @Test func sinusoidalTableMatchesTheFormula() {
        let table = sinusoidalPositionalEncoding(length: 50, dim: 6, dtype: .float64)
        for pos in [0, 1, 7, 49] {
            for i in 0..<3 {
                let angle = Double(pos) / pow(10000, Double(2 * i) / 6)
                #expect(abs(table[element: pos, 2 * i] - sin(angle)) < 1e-12)
                #expect(abs(table[element: pos, 2 * i + 1] - cos(angle)) < 1e-12)
            }
        }
        // The table is added, along the time axis, and is not a parameter.
        let encoding = SinusoidalPositionalEncoding(dim: 6, maxLength: 50)
        #expect(encoding.parameters().isEmpty)
        let x = Tensor.zeros([2, 4, 6])
        let y = encoding(x)
        #expect(close(y[1], table.slice(axis: 0, end: 4).to(.float32), rtol: 1e-6, atol: 1e-7))
        let timeMajor = SinusoidalPositionalEncoding(dim: 6, maxLength: 50, batchFirst: false)(Tensor.zeros([4, 2, 6]))
        #expect(close(timeMajor.transpose(0, 1), y, rtol: 0, atol: 0))
    }

    @Test func learnedPositionsAddTheirFirstRowsAndLearn() {
        Random.seed(13)
        let positions = LearnedPositionalEmbedding(dim: 4, maxLength: 10)
        let x = Tensor.randn([3, 5, 4])
        let y = positions(x)
        #expect(close(y[2] - x[2], positions.weight.slice(axis: 0, end: 5), rtol: 1e-6, atol: 1e-6))
        y.sum().backward()
        let grad = positions.weight.grad!.doubles
        #expect(grad.prefix(20).allSatisfy { $0 == 3 } && grad.dropFirst(20).allSatisfy { $0 == 0 })
    }

    @Test func tiedOutputLayerSharesTheEmbeddingWeight() {
        final class LanguageModel: Module {
            let embedding: Embedding, head: TiedLinear
            override init() {
                embedding = Embedding(20, 8)
                head = TiedLinear(tiedTo: embedding, bias: true)
                super.init()
            }
            override func forward(_ x: Tensor) -> Tensor { head(embedding(x)) }
        }
        Random.seed(14)
        let model = LanguageModel()
        #expect(model.head.weight === model.embedding.weight)
        #expect(model.namedParameters().map(\.name) == ["embedding.weight", "head.bias"])
        let tokens = Tensor(ints: [1, 4, 4, 7], shape: [2, 2])
        let logits = model(tokens)
        #expect(logits.shape == [2, 2, 20])
        logits.sum().backward()
        // Σ logits = Σₙ Σᵥ (E[tokenₙ]·E[v] + b[v]): through the projection every row v gets
        // Σₙ E[tokenₙ]; through the lookup row t gets Σᵥ E[v] once per occurrence of t.
        let (e, ids) = (model.embedding.weight.doubles, tokens.ints)
        let lookedUp = (0..<8).map { j in ids.reduce(0.0) { $0 + e[$1 * 8 + j] } }
        let columnSums = (0..<8).map { j in (0..<20).reduce(0.0) { $0 + e[$1 * 8 + j] } }
        var expected = (0..<20).flatMap { _ in lookedUp }
        for t in ids { for j in 0..<8 { expected[t * 8 + j] += columnSums[j] } }
        #expect(close(model.embedding.weight.grad!.doubles, expected, rtol: 1e-5, atol: 1e-5))
        #expect(model.head.bias!.grad!.doubles == Array(repeating: 4, count: 20))
    }
}
