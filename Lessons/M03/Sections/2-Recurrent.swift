import DeepLearning
import Foundation
import Workbook

/// The English corpus as one stream of character ids (lower-cased, whitespace collapsed),
/// with ids below `firstCharacter` reserved for padding, BOS, EOS, [MASK] and T5's sentinels.
struct CharacterCorpus {
    static let mask = 3, sentinels = 4..<12, firstCharacter = 12
    let alphabet: [Character]
    let ids: [Int]
    private let index: [Character: Int]

    init(characters: Int = 120_000) throws {
        let text = try Corpus.english().text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let kept = Array(text.prefix(characters))
        alphabet = Set(kept).sorted()
        let index = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0 + Self.firstCharacter) })
        self.index = index
        ids = kept.map { index[$0]! }
    }

    var vocabularySize: Int { alphabet.count + Self.firstCharacter }
    func encode(_ text: String) -> [Int] { text.compactMap { index[$0] } }
    func decode(_ ids: [Int]) -> String {
        String(ids.map { $0 >= Self.firstCharacter ? alphabet[$0 - Self.firstCharacter] : $0 == Self.mask ? "_" : "·" })
    }

    /// `count` random windows of `length` ids.
    func windows(_ count: Int, length: Int, using generator: inout Generator) -> [[Int]] {
        (0..<count).map { _ in
            let start = Int.random(in: 0..<(ids.count - length), using: &generator)
            return Array(ids[start..<start + length])
        }
    }
}

/// Samples an id from logits [vocab] at `temperature`, among the `topK` most likely (all when nil).
func sampleToken(_ logits: [Double], temperature: Double, topK: Int? = nil, using generator: inout Generator) -> Int {
    let order = logits.indices.sorted { logits[$0] > logits[$1] }.prefix(topK ?? logits.count)
    let top = logits[order.first!]
    let weights = order.map { exp((logits[$0] - top) / temperature) }
    var u = Double.random(in: 0..<weights.reduce(0, +), using: &generator)
    for (id, w) in zip(order, weights) {
        u -= w
        if u < 0 { return id }
    }
    return order.last!
}

/// A character-level language model: embedding → LSTM → linear.
final class CharLSTM: Module {
    let embedding: Embedding
    let lstm: LSTM
    let output: Linear

    init(vocabulary: Int, dim: Int = 32, hidden: Int = 128) {
        embedding = Embedding(vocabulary, dim)
        lstm = LSTM(dim, hidden, batchFirst: true)
        output = Linear(hidden, vocabulary)
        super.init()
    }

    func callAsFunction(_ ids: Tensor, state: (h: Tensor, c: Tensor)? = nil) -> (logits: Tensor, state: (h: Tensor, c: Tensor)) {
        let (out, next) = lstm(embedding(ids), state)
        return (output(out), next)
    }

    /// Continues `prompt` by `count` sampled characters, carrying the LSTM state.
    func generate(_ prompt: [Int], count: Int, temperature: Double, using generator: inout Generator) -> [Int] {
        noGrad {
            var (logits, state) = self(Tensor(ints: prompt, shape: [1, prompt.count]))
            var generated: [Int] = []
            for _ in 0..<count {
                let last = logits.slice(axis: 1, start: logits.shape[1] - 1).doubles
                let next = sampleToken(last, temperature: temperature, using: &generator)
                generated.append(next)
                (logits, state) = self(Tensor(ints: [next], shape: [1, 1]), state: state)
            }
            return generated
        }
    }
}

/// Next-character cross-entropy on windows: predict ids[1...] from ids[..<n].
func nextTokenLoss(_ logits: Tensor, _ windows: [[Int]]) -> Tensor {
    let targets = Tensor(ints: windows.flatMap { $0.dropFirst() }, shape: [windows.count * (windows[0].count - 1)])
    return crossEntropy(logits.reshape([targets.count, logits.shape[2]]), targets)
}

/// Section 2: an LSTM learns to spell English, one character at a time.
func recurrentNetworks(_ lesson: LessonContext) throws {
    let corpus = try CharacterCorpus()
    print("The Devil's Dictionary (Ambrose Bierce, 1911), first \(corpus.ids.count) characters, \(corpus.alphabet.count) distinct.")
    if let (h, c) = lesson.exercise(
        "M03-E04",
        { () throws -> (Tensor, Tensor) in
            let x = Random.withSeed(20) { Tensor.randn([1, 4]) }, zeros = Tensor.zeros([1, 3])
            let cell = Random.withSeed(21) { LSTM(4, 3) }
            return try lstmCell(
                x, h: zeros, c: zeros, weightIH: cell.parameter("weight_ih_l0"), weightHH: cell.parameter("weight_hh_l0"),
                biasIH: cell.parameter("bias_ih_l0"), biasHH: cell.parameter("bias_hh_l0"))
        })
    {
        print(
            "Your LSTM cell (M03-E04) on one input: h' = \(h.scalars.map { String(format: "%.3f", $0) }), c' = \(c.scalars.map { String(format: "%.3f", $0) })")
    }

    Random.seed(22)
    let model = CharLSTM(vocabulary: corpus.vocabularySize)
    print("Character LSTM: embedding 32, LSTM 128, \(model.parameterCount) parameters; 400 Adam steps of 32 windows of 65 characters.")
    let start = Date()
    let losses = trainModel(model, steps: 400, lr: 5e-3, seed: 22, report: 50) { generator in
        let windows = corpus.windows(32, length: 65, using: &generator)
        let input = Tensor(ints: windows.flatMap { $0.dropLast() }, shape: [32, 64])
        return nextTokenLoss(model(input).logits, windows)
    }
    print(
        "  trained in \(String(format: "%.1f", Date().timeIntervalSince(start))) s; a uniform guess would score ln \(corpus.alphabet.count) = \(fmt(log(Double(corpus.alphabet.count))))"
    )
    var generator = Generator(seed: 23)
    for temperature in [0.5, 1.0] {
        let prompt = "the devil "
        print(
            "  sample at temperature \(temperature): \"\(prompt)\(corpus.decode(model.generate(corpus.encode(prompt), count: 160, temperature: temperature, using: &generator)))\""
        )
    }
    var chart = LineChart(
        title: Messages().text("Character LSTM loss", zh: "字符级 LSTM 损失"), xLabel: Messages().text("step", zh: "步"),
        yLabel: Messages().text("cross-entropy", zh: "交叉熵"))
    chart.add("training", y: losses)
    try chart.write(to: lesson.figureURL("char_lstm_loss.png"))
}
