import DeepLearning
import Foundation
import Workbook

/// The reversal task: a Transformer learns to write its input backwards.
struct ReversalExperiment {
    static let tokens = 3..<13, lengths = 3...8
    let model: Seq2SeqTransformer
    let losses: [Double]
    let heldOut: [(source: [Int], target: [Int])]

    /// Trains on generated sequences; held-out sequences never occur in training.
    static func run(steps: Int = 900, seed: UInt64 = 3, report: Int = 0) -> ReversalExperiment {
        let examples = SequenceTask.reverse.examples(count: 4000, lengths: lengths, tokens: tokens, seed: seed)
        let seen = Set(examples.map(\.source))
        let heldOut = SequenceTask.reverse.examples(count: 600, lengths: lengths, tokens: tokens, seed: seed + 1000)
            .filter { !seen.contains($0.source) }
        Random.seed(seed)
        let model = Seq2SeqTransformer(
            sourceVocabulary: tokens.upperBound, targetVocabulary: tokens.upperBound,
            dModel: 32, heads: 4, layers: 2, feedForward: 64, dropout: 0)
        let losses = trainModel(model, steps: steps, lr: 3e-3, seed: seed, report: report) { generator in
            model.loss(sample(examples, 64, using: &generator))
        }
        return ReversalExperiment(model: model, losses: losses, heldOut: heldOut)
    }

    var heldOutExactMatch: Double {
        exactMatch(model.greedy(heldOut.map(\.source), maxLength: Self.lengths.upperBound + 1), heldOut.map(\.target))
    }
}

/// Section 3: attention by hand, multi-head attention, masks, and a Transformer that reverses sequences.
func attentionSection(_ lesson: LessonContext) throws {
    Random.seed(30)
    let words = ["the", "cat", "sat", "on", "the", "mat"]
    let x = Tensor.randn([1, words.count, 8])
    print("Self-attention of 6 random 8-dimensional token vectors (\(words.joined(separator: " "))):")
    let causal = AttentionMask.causal(words.count)
    let (_, library) = scaledDotProductAttention(x, x, x, mask: causal)
    if let (_, mine) = lesson.exercise("M03-E06", { try attention(query: x, key: x, value: x, allowed: try causalMask(words.count)) }) {
        print("  your attention (M03-E06, E09) vs the library: max |difference| = \(String(format: "%.2e", (mine - library).abs().max().item))")
    }
    let weights = library.squeeze(axis: 0)
    print("  causal weights, row i = query i (each row sums to 1, zero above the diagonal):")
    for (i, row) in weights.doubles.chunked(words.count).enumerated() {
        print("    \(words[i].padding(toLength: 4, withPad: " ", startingAt: 0)) " + row.map { String(format: "%.2f", $0) }.joined(separator: " "))
    }
    try Heatmap(
        weights, rowLabels: words, columnLabels: words, title: Messages().text("Causal attention", zh: "因果注意力"), xLabel: Messages().text("key", zh: "键"),
        yLabel: Messages().text("query", zh: "查询"),
        showValues: true
    ).write(to: lesson.figureURL("causal_attention.png"))

    let mha = MultiheadAttention(embedDim: 8, numHeads: 2, batchFirst: true)
    let (out, perHead) = mha(x, x, x, averageWeights: false)
    print("MultiheadAttention(8, 2 heads): output \(out.shape), weights per head \(perHead!.shape), \(mha.parameterCount) parameters")
    if let (mine, _) = lesson.exercise(
        "M03-E07",
        {
            try multiHeadSelfAttention(
                x, heads: 2, inWeight: mha.inProjWeight, inBias: mha.inProjBias!, outWeight: mha.outProj.weight, outBias: mha.outProj.bias!)
        })
    {
        print("  your multi-head attention (M03-E07) vs the layer: max |difference| = \(String(format: "%.2e", (mine - out).abs().max().item))")
    }
    let encoding = sinusoidalPositionalEncoding(length: 32, dim: 16)
    try Heatmap(
        encoding.T, title: Messages().text("Positional encoding", zh: "位置编码"), xLabel: Messages().text("position", zh: "位置"),
        yLabel: Messages().text("dimension", zh: "维度"),
        cellSize: 14
    ).write(to: lesson.figureURL("positional_encoding.png"))
    if let mine = lesson.exercise("M03-E08", { try sinusoidalEncoding(length: 32, dim: 16) }) {
        print(
            "Your positional encoding (M03-E08) vs the library: max |difference| = \(String(format: "%.2e", (mine - encoding.to(.float64)).abs().max().item))")
    }

    print("\nA Transformer (2 encoder + 2 decoder layers, d = 32, 4 heads, 900 steps of 64) learns to reverse sequences of 3-8 tokens:")
    let start = Date()
    let experiment = ReversalExperiment.run(report: 100)
    print(
        "  trained in \(String(format: "%.1f", Date().timeIntervalSince(start))) s; held-out exact match: \(fmt(100 * experiment.heldOutExactMatch, 1))% of \(experiment.heldOut.count) sequences"
    )
    let (source, target) = experiment.heldOut[0]
    let predicted = experiment.model.greedy([source], maxLength: 9)[0]
    print("  example: \(source) → \(predicted) (expected \(target))")
    let map = experiment.model.crossAttention(source: source, target: target)
    try Heatmap(
        map, rowLabels: (["<bos>"] + target.map(String.init)), columnLabels: source.map(String.init),
        title: Messages().text("Reversal attention", zh: "反转任务的注意力"), xLabel: Messages().text("source token", zh: "源词元"),
        yLabel: Messages().text("output step", zh: "输出步")
    )
    .write(to: lesson.figureURL("reversal_attention.png"))
    var chart = LineChart(
        title: Messages().text("Reversal training loss", zh: "反转任务的训练损失"), xLabel: Messages().text("step", zh: "步"),
        yLabel: Messages().text("cross-entropy", zh: "交叉熵"), logY: true)
    chart.add("loss", y: experiment.losses)
    try chart.write(to: lesson.figureURL("reversal_loss.png"))
}

extension Array {
    /// Consecutive pieces of `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
