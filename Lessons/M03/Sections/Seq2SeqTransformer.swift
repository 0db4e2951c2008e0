import DeepLearning
import Foundation

/// Token ids every sequence model of this lesson reserves.
enum SpecialIds {
    static let pad = 0, bos = 1, eos = 2
}

/// An encoder-decoder Transformer (Vaswani et al. 2017), pre-LN, sinusoidal positions:
/// the reversal task of section 3, the mini T5 of section 4 and the translator of section 5.
final class Seq2SeqTransformer: Module {
    let sourceEmbedding: Embedding, targetEmbedding: Embedding
    let positions: SinusoidalPositionalEncoding
    let encoder: TransformerEncoder, decoder: TransformerDecoder
    let output: Linear
    let dModel: Int

    init(
        sourceVocabulary: Int, targetVocabulary: Int, dModel: Int = 64, heads: Int = 4, layers: Int = 2,
        feedForward: Int = 128, dropout: Double = 0.1
    ) {
        self.dModel = dModel
        sourceEmbedding = Embedding(sourceVocabulary, dModel, paddingIndex: SpecialIds.pad)
        targetEmbedding = Embedding(targetVocabulary, dModel, paddingIndex: SpecialIds.pad)
        positions = SinusoidalPositionalEncoding(dim: dModel, maxLength: 256)
        encoder = TransformerEncoder(numLayers: layers, norm: LayerNorm(dModel)) {
            TransformerEncoderLayer(dModel: dModel, nhead: heads, dimFeedforward: feedForward, dropout: dropout, batchFirst: true, normFirst: true)
        }
        decoder = TransformerDecoder(numLayers: layers, norm: LayerNorm(dModel)) {
            TransformerDecoderLayer(dModel: dModel, nhead: heads, dimFeedforward: feedForward, dropout: dropout, batchFirst: true, normFirst: true)
        }
        output = Linear(dModel, targetVocabulary)
        super.init()
    }

    private func embed(_ ids: Tensor, _ table: Embedding) -> Tensor {
        positions(table(ids))
    }

    /// `source` int64 [B, S] (0-padded) → memory [B, S, dModel].
    func encode(_ source: Tensor) -> Tensor {
        encoder(embed(source, sourceEmbedding), srcKeyPaddingMask: .allowed(source .!= Double(SpecialIds.pad)))
    }

    /// Next-token logits [B, T, vocab] for every prefix of `target` (int64 [B, T], starting with BOS).
    func decode(_ target: Tensor, memory: Tensor, source: Tensor) -> Tensor {
        output(
            decoder(
                embed(target, targetEmbedding), memory: memory, tgtKeyPaddingMask: .allowed(target .!= Double(SpecialIds.pad)),
                memoryKeyPaddingMask: .allowed(source .!= Double(SpecialIds.pad)), tgtIsCausal: true))
    }

    /// Teacher-forced cross-entropy of a batch of (source, target) id sequences (targets without BOS/EOS).
    func loss(_ batch: [(source: [Int], target: [Int])]) -> Tensor {
        let source = padBatch(batch.map(\.source), padId: SpecialIds.pad).ids
        let input = padBatch(batch.map { [SpecialIds.bos] + $0.target }, padId: SpecialIds.pad).ids
        let expected = padBatch(batch.map { $0.target + [SpecialIds.eos] }, padId: SpecialIds.pad).ids
        let logits = decode(input, memory: encode(source), source: source)
        let vocabulary = logits.shape[2]
        return crossEntropy(logits.reshape([expected.count, vocabulary]), expected.reshape([expected.count]), ignoreIndex: SpecialIds.pad)
    }

    /// Greedy decoding of a batch of sources, at most `maxLength` tokens each (EOS removed).
    func greedy(_ sources: [[Int]], maxLength: Int) -> [[Int]] {
        noGrad {
            let source = padBatch(sources, padId: SpecialIds.pad).ids
            let memory = encode(source)
            var outputs = [[Int]](repeating: [], count: sources.count)
            var done = [Bool](repeating: false, count: sources.count)
            for _ in 0..<maxLength where done.contains(false) {
                let prefixes = padBatch(outputs.map { [SpecialIds.bos] + $0 }, padId: SpecialIds.pad).ids
                let logits = decode(prefixes, memory: memory, source: source)
                let last = logits.slice(axis: 1, start: logits.shape[1] - 1).squeeze(axis: 1).argmax(axis: 1).ints
                for b in outputs.indices where !done[b] {
                    if last[b] == SpecialIds.eos { done[b] = true } else { outputs[b].append(last[b]) }
                }
            }
            return outputs
        }
    }

    /// The last decoder layer's attention to the source, averaged over heads, for one
    /// source and the target prefix `[BOS] + target`: [T + 1, S].
    func crossAttention(source: [Int], target: [Int]) -> Tensor {
        noGrad {
            let src = Tensor(ints: source, shape: [1, source.count]), tgt = Tensor(ints: [SpecialIds.bos] + target, shape: [1, target.count + 1])
            let memory = encode(src)
            var x = embed(tgt, targetEmbedding)
            for layer in decoder.layers.dropLast() { x = layer(x, memory: memory, tgtIsCausal: true) }
            let last = decoder.layers.last!
            let normed = last.norm1(x)
            x = x + last.selfAttn(normed, normed, normed, needWeights: false, isCausal: true).output
            let query = last.norm2(x)
            return last.multiheadAttn(query, memory, memory, needWeights: true).weights!.squeeze(axis: 0)
        }
    }
}

/// Trains a model with Adam on random batches for `steps` steps, the learning rate warming
/// up over the first 5% of the steps and then falling linearly to a tenth; returns the loss of every step.
func trainModel(
    _ model: Module, steps: Int, lr: Double, seed: UInt64, clip: Double = 1, report: Int = 0,
    batchLoss: (inout Generator) throws -> Tensor
) rethrows -> [Double] {
    var generator = Generator(seed: seed)
    let optimizer = Adam(model.parameters(), lr: lr)
    model.train()
    var losses: [Double] = []
    let warmup = max(1, steps / 20)
    for step in 1...steps {
        optimizer.lr = lr * (step <= warmup ? Double(step) / Double(warmup) : 1 - 0.9 * Double(step - warmup) / Double(max(1, steps - warmup)))
        let loss = try batchLoss(&generator)
        optimizer.zeroGrad()
        loss.backward()
        _ = clipGradNorm(model.parameters(), maxNorm: clip)
        optimizer.step()
        losses.append(loss.item)
        if report > 0 && (step % report == 0 || step == 1) {
            print(
                "  step \(String(format: "%4d", step))  loss \(String(format: "%.4f", losses.suffix(report).reduce(0, +) / Double(min(report, losses.count))))")
        }
    }
    model.eval()
    return losses
}

/// `count` random elements of `items`.
func sample<T>(_ items: [T], _ count: Int, using generator: inout Generator) -> [T] {
    (0..<count).map { _ in items[Int.random(in: 0..<items.count, using: &generator)] }
}

/// The fraction of predictions equal to their targets.
func exactMatch(_ predicted: [[Int]], _ expected: [[Int]]) -> Double {
    Double(zip(predicted, expected).filter { $0 == $1 }.count) / Double(max(expected.count, 1))
}

func fmt(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
