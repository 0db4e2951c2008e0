import ArgumentParser
import DeepLearning
import Foundation

/// Batched translation of many sentences with one model.
struct SentenceTranslator {
    let model: Translator
    let bpe: MetaspaceBPE
    var beamWidth = 4
    var sentencesPerBatch = 48

    /// The length budget of an output: twice the source plus 10 tokens, within the model's positions.
    func maxLength(sourceTokens: Int) -> Int { min(2 * sourceTokens + 10, model.config.maxLength - 1) }

    /// Translations of `sentences`, in order; beam search with GNMT length penalty 0.6, or greedy when `beamWidth` is 1.
    func translate(_ sentences: [String]) -> [String] {
        model.eval()
        let sources = sentences.map { Array(bpe.encode($0).prefix(model.config.maxLength - 1)) + [Specials.eos] }
        var outputs = [String](repeating: "", count: sentences.count)
        noGrad {
            for batch in lengthBuckets(lengths: sources.map(\.count), batchSize: sentencesPerBatch) {
                let source = padBatch(batch.map { sources[$0] }, padId: Specials.pad)
                let decoder = model.startDecoding(source: source)
                let budgets = batch.map { maxLength(sourceTokens: sources[$0].count) }
                let tokens =
                    beamWidth == 1
                    ? batchedGreedyDecode(decoder, bos: Specials.bos, eos: Specials.eos, maxLengths: budgets)
                    : batchedBeamSearch(
                        decoder, bos: Specials.bos, eos: Specials.eos, beamWidth: beamWidth, maxLengths: budgets,
                        lengthPenalty: .gnmt(alpha: 0.6)
                    ).map(\.tokens)
                for (i, sentence) in batch.enumerated() { outputs[sentence] = bpe.decode(tokens[i]) }
            }
        }
        return outputs
    }
}

/// BLEU and chrF of a direction's outputs, as sacreBLEU reports them.
struct Scores: Codable {
    var bleu: Double, chrf: Double
    var bleuSignature: String, chrfSignature: String
    var sentences: Int
    var detail: String

    init(hypotheses: [String], references: [String], direction: Direction) {
        let bleu = BLEU.corpusScore(hypotheses: hypotheses, references: [references], tokenizer: direction.bleuTokenizer)
        self.bleu = bleu.score
        chrf = CHRF.corpusScore(hypotheses: hypotheses, references: [references])
        bleuSignature = BLEU.signature(tokenizer: direction.bleuTokenizer)
        chrfSignature = CHRF.signature()
        sentences = hypotheses.count
        detail = bleu.description
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Translate the held-out test pages; sacreBLEU-exact BLEU and chrF; an attention figure.")

    @OptionGroup var data: DataOptions
    @Option(help: "Model file. Default: out/P06/transformer-<direction>/model.safetensors") var model: String?
    @Option(help: "en-zh or zh-en.") var direction: String = "en-zh"
    @Option(help: "Beam width (1 = greedy).") var beam = 4
    @Option(help: "Evaluate the first N test pairs only.") var limit: Int?
    @Option(help: "Split to evaluate (test or valid).") var split = "test"

    func run() throws {
        guard let direction = Direction(rawValue: direction) else { throw P06Error.badInput("direction must be en-zh or zh-en") }
        guard beam > 0 else { throw P06Error.badInput("beam must be positive") }
        let url = URL(fileURLWithPath: model ?? "out/P06/transformer-\(direction.rawValue)/model.safetensors")
        let (net, settings) = try loadTrainedModel(from: url)
        guard settings.direction == direction else {
            throw P06Error.badInput("\(url.path) translates \(settings.direction.rawValue), not \(direction.rawValue)")
        }
        let bpe = try data.tokenizer()
        var pairs = try data.split(split)
        if let limit { pairs = Array(pairs.prefix(limit)) }
        let start = Date()
        let translator = SentenceTranslator(model: net, bpe: bpe, beamWidth: beam)
        let hypotheses = translator.translate(pairs.map(direction.source))
        let scores = Scores(hypotheses: hypotheses, references: pairs.map(direction.target), direction: direction)
        print(
            String(
                format: "%@ %@ on %d %@ pairs (%@, %.0f s)", settings.model.kind, direction.rawValue, pairs.count, split,
                beam == 1 ? "greedy" : "beam \(beam)", Date().timeIntervalSince(start)))
        print(String(format: "BLEU = %.2f  (%@)\n  %@", scores.bleu, scores.bleuSignature, scores.detail))
        print(String(format: "chrF = %.2f  (%@)", scores.chrf, scores.chrfSignature))
        let folder = url.deletingLastPathComponent()
        let name = "eval-\(split)-\(beam == 1 ? "greedy" : "beam\(beam)")"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(scores).write(to: folder.appendingPathComponent("\(name).json"), options: .atomic)
        try Data(hypotheses.map { $0 + "\n" }.joined().utf8).write(to: folder.appendingPathComponent("\(name).txt"), options: .atomic)
        try AttentionFigure.write(
            model: net, bpe: bpe, sources: pairs.prefix(3).map(direction.source),
            to: folder.appendingPathComponent("attention"))
        print("wrote \(folder.path)/\(name).json, \(name).txt and attention-*.png")
    }
}

/// Cross-attention of the last decoder layer (mean over heads) for greedy translations.
enum AttentionFigure {
    static func write(model: Translator, bpe: MetaspaceBPE, sources: [String], to prefix: URL) throws {
        model.eval()
        for (n, sentence) in sources.enumerated() {
            let ids = Array(bpe.encode(sentence).prefix(40)) + [Specials.eos]
            var rows: [[Double]] = [], output: [Int] = []
            noGrad {
                let decoder = model.startDecoding(source: padBatch([ids], padId: Specials.pad))
                var last = Specials.bos
                while output.count < 40 {
                    let logProbs = decoder.step([last]).doubles
                    let weights = (decoder as? TransformerDecoding)?.crossAttention.last ?? (decoder as? LSTMDecoding)?.crossAttention.last
                    if let weights { rows.append(weights.mean(axis: 1).reshape([-1]).doubles) }
                    last = logProbs.indices.max { logProbs[$0] < logProbs[$1] }!
                    output.append(last)
                    if last == Specials.eos { break }
                }
            }
            guard !rows.isEmpty else { continue }
            // The bitmap font has ASCII only: Chinese tokens are labelled by position.
            func label(_ id: Int, _ i: Int) -> String {
                let t = bpe.tokens[id]
                return t.unicodeScalars.allSatisfy(\.isASCII) || t.hasPrefix("▁") && t.dropFirst().unicodeScalars.allSatisfy(\.isASCII)
                    ? String(t.replacingOccurrences(of: "▁", with: "_").prefix(10)) : "#\(i)"
            }
            let map = Heatmap(
                rows, rowLabels: output.enumerated().map { label($1, $0) }, columnLabels: ids.enumerated().map { label($1, $0) },
                title: "cross-attention, sentence \(n + 1)")
            try map.write(to: URL(fileURLWithPath: prefix.path + "-\(n + 1).png"))
        }
    }
}
