import DeepLearning
import Foundation
import Workbook

/// A Transformer encoder over character ids with learned positions and an output layer
/// tied to the input embedding: causal, it is a mini GPT; bidirectional, a mini BERT.
final class CharTransformer: Module {
    let embedding: Embedding
    let positions: LearnedPositionalEmbedding
    let encoder: TransformerEncoder
    let output: TiedLinear
    let causal: Bool

    init(vocabulary: Int, context: Int, causal: Bool, dModel: Int = 64, heads: Int = 4, layers: Int = 2) {
        embedding = Embedding(vocabulary, dModel)
        positions = LearnedPositionalEmbedding(dim: dModel, maxLength: context)
        // GPT-2's small initial embeddings (std 0.02): the tied output layer then starts near uniform.
        embedding.weight.assign(Tensor.randn([vocabulary, dModel], std: 0.02))
        positions.weight.assign(Tensor.randn([context, dModel], std: 0.02))
        encoder = TransformerEncoder(numLayers: layers, norm: LayerNorm(dModel)) {
            TransformerEncoderLayer(
                dModel: dModel, nhead: heads, dimFeedforward: 4 * dModel, dropout: 0, activation: .gelu,
                batchFirst: true, normFirst: true)
        }
        output = TiedLinear(tiedTo: embedding, bias: true)
        self.causal = causal
        super.init()
    }

    /// `ids` int64 [B, T] → logits [B, T, vocab].
    override func forward(_ ids: Tensor) -> Tensor {
        output(encoder(positions(embedding(ids)), isCausal: causal))
    }

    /// GPT-style generation: sample with temperature among the top k, the context sliding.
    func generate(_ prompt: [Int], count: Int, temperature: Double, topK: Int, context: Int, using generator: inout Generator) -> [Int] {
        noGrad {
            var ids = prompt
            for _ in 0..<count {
                let window = Array(ids.suffix(context))
                let logits = self(Tensor(ints: window, shape: [1, window.count]))
                ids.append(sampleToken(logits.slice(axis: 1, start: window.count - 1).doubles, temperature: temperature, topK: topK, using: &generator))
            }
            return Array(ids.dropFirst(prompt.count))
        }
    }
}

/// T5's span corruption: spans of about `meanSpan` ids covering ~15% of the input are cut
/// out, each replaced by one sentinel; the target lists every sentinel followed by its span.
func spanCorruption(_ ids: [Int], meanSpan: Int = 3, using generator: inout Generator) -> (source: [Int], target: [Int]) {
    let spans = max(1, Int((Double(ids.count) * 0.15 / Double(meanSpan)).rounded()))
    let gap = ids.count / spans
    var source: [Int] = [], target: [Int] = [], position = 0
    for s in 0..<min(spans, CharacterCorpus.sentinels.count) {
        let start = s * gap + Int.random(in: 0..<max(1, gap - meanSpan), using: &generator)
        let sentinel = CharacterCorpus.sentinels.lowerBound + s
        source += ids[position..<start] + [sentinel]
        target += [sentinel] + ids[start..<start + meanSpan]
        position = start + meanSpan
    }
    return (source + ids[position...], target)
}

/// Section 4: three pre-training objectives on the same characters.
func pretraining(_ lesson: LessonContext) throws {
    let corpus = try CharacterCorpus()
    let context = 48
    var chart = LineChart(
        title: Messages().text("Pre-training losses", zh: "预训练损失"), xLabel: Messages().text("step", zh: "步"),
        yLabel: Messages().text("cross-entropy", zh: "交叉熵"))

    print("Mini GPT: causal Transformer (2 layers, d = 64, tied embeddings), next-character prediction.")
    Random.seed(40)
    let gpt = CharTransformer(vocabulary: corpus.vocabularySize, context: context, causal: true)
    let gptLosses = trainModel(gpt, steps: 400, lr: 3e-3, seed: 40, report: 100) { generator in
        let windows = corpus.windows(32, length: context + 1, using: &generator)
        return nextTokenLoss(gpt(Tensor(ints: windows.flatMap { $0.dropLast() }, shape: [32, context])), windows)
    }
    chart.add("GPT (causal LM)", y: gptLosses)
    var generator = Generator(seed: 41)
    for (temperature, k) in [(0.7, 5), (1.0, 40)] {
        let text = gpt.generate(corpus.encode("a lawyer is "), count: 120, temperature: temperature, topK: k, context: context, using: &generator)
        print("  temperature \(temperature), top-\(k): \"a lawyer is \(corpus.decode(text))\"")
    }

    print("\nMini BERT: bidirectional Transformer, masked-language model (15% of characters; 80% [MASK], 10% random, 10% kept).")
    Random.seed(42)
    let bert = CharTransformer(vocabulary: corpus.vocabularySize, context: context, causal: false)
    let special = Set(0..<CharacterCorpus.firstCharacter)
    let bertLosses = lesson.exercise("M03-E11") { () throws -> [Double] in
        try trainModel(bert, steps: 400, lr: 3e-3, seed: 42, report: 100) { generator in
            var inputs: [Int] = [], labels: [Int] = []
            for window in corpus.windows(32, length: context, using: &generator) {
                let masked = try maskTokens(
                    window, vocabularySize: corpus.vocabularySize, maskId: CharacterCorpus.mask, special: special, generator: &generator)
                inputs += masked.inputs
                labels += masked.labels
            }
            let logits = bert(Tensor(ints: inputs, shape: [32, context]))
            return crossEntropy(logits.reshape([inputs.count, corpus.vocabularySize]), Tensor(ints: labels, shape: [labels.count]))
        }
    }
    if let bertLosses {
        chart.add("BERT (masked LM)", y: bertLosses)
        let sentence = corpus.encode("the devil is a person of low character")
        var masked = sentence
        for i in [5, 12, 20, 28] { masked[i] = CharacterCorpus.mask }
        let predicted = noGrad { bert(Tensor(ints: masked, shape: [1, masked.count])).argmax(axis: 2).ints }
        var filled = masked
        for i in masked.indices where masked[i] == CharacterCorpus.mask { filled[i] = predicted[i] }
        print("  masked: \"\(corpus.decode(masked))\"\n  filled: \"\(corpus.decode(filled))\"")
    }

    print("\nMini T5: encoder-decoder, span corruption (spans of 3 characters replaced by sentinels).")
    Random.seed(44)
    let t5 = Seq2SeqTransformer(
        sourceVocabulary: corpus.vocabularySize, targetVocabulary: corpus.vocabularySize, dModel: 64, heads: 4, layers: 2, feedForward: 256, dropout: 0)
    let t5Losses = trainModel(t5, steps: 300, lr: 2e-3, seed: 44, report: 100) { generator in
        let windows = corpus.windows(32, length: context, using: &generator)
        return t5.loss(windows.map { spanCorruption($0, using: &generator) })
    }
    chart.add("T5 (span corruption)", y: t5Losses)
    var spanGenerator = Generator(seed: 45)
    let (source, target) = spanCorruption(corpus.encode("the devil is a person of low character and high wit"), using: &spanGenerator)
    let answer = t5.greedy([source], maxLength: target.count + 2)[0]
    func show(_ ids: [Int]) -> String {
        ids.map { CharacterCorpus.sentinels.contains($0) ? "<\($0 - CharacterCorpus.sentinels.lowerBound)>" : corpus.decode([$0]) }.joined()
    }
    print("  input:  \"\(show(source))\"\n  target: \"\(show(target))\"\n  output: \"\(show(answer))\"")
    try chart.write(to: lesson.figureURL("pretraining_losses.png"))
}
