import ArgumentParser
import DeepLearning
import Foundation

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Translate sentences (one a line) from stdin or a file; English lines go to Chinese, Chinese lines to English.")

    @OptionGroup var data: DataOptions
    @Option(help: "A file of sentences, one a line (default: stdin).") var input: String?
    @Option(help: "en-zh, zh-en, or auto (by whether a line has Chinese characters).") var direction = "auto"
    @Option(help: "Folder holding transformer-en-zh/ and transformer-zh-en/.") var models = "out/P06"
    @Option(help: "Beam width (1 = greedy).") var beam = 4

    func run() throws {
        let text: String
        if let input {
            guard let t = try? String(contentsOfFile: input, encoding: .utf8) else { throw P06Error.badInput("cannot read \(input) as UTF-8 text") }
            text = t
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }.dropLast(text.hasSuffix("\n") ? 1 : 0)
        let fixed = Direction(rawValue: direction)
        guard fixed != nil || direction == "auto" else { throw P06Error.badInput("direction must be en-zh, zh-en or auto") }
        let directions = lines.map { line in fixed ?? (line.unicodeScalars.contains(where: HelpCorpus.isHan) ? .zhEn : .enZh) }
        let bpe = try data.tokenizer()
        var outputs = [String](repeating: "", count: lines.count)
        for d in Direction.allCases where directions.contains(d) {
            let (model, _) = try loadTrainedModel(from: URL(fileURLWithPath: models).appendingPathComponent("transformer-\(d.rawValue)/model.safetensors"))
            let indices = lines.indices.filter { directions[$0] == d && !lines[$0].isEmpty }
            let translated = SentenceTranslator(model: model, bpe: bpe, beamWidth: beam).translate(indices.map { lines[$0] })
            for (i, t) in zip(indices, translated) { outputs[i] = t }
        }
        for line in outputs { print(line) }
    }
}

struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A short guided tour: data, BPE, a tiny model trained for a minute, decoding, scores.")

    @OptionGroup var data: DataOptions

    func run() throws {
        print("P06 · Transformer translation with BPE, English ↔ Chinese (基于Transformer的翻译系统)\n")
        print("1. prepare: LibreOffice help pages in English and Chinese, paragraphs aligned by id, split by page.")
        try Prepare.parse(data.data.map { ["--data", $0] } ?? []).run()
        let bpe = try data.tokenizer()
        let train = try data.split("train"), test = try data.split("test")
        print("\n2. BPE (joint vocabulary of \(bpe.vocabularySize)): ")
        for pair in test.prefix(2) { print("   \(pair.source)\n   → \(bpe.tokenize(pair.source))\n   \(pair.target)\n   → \(bpe.tokenize(pair.target))") }
        print("\n3. train: a small Transformer on 3,000 short pairs for 2 epochs (the full run is `swift run -c release P06 train`).")
        var config = ModelConfig(vocabulary: bpe.vocabularySize)
        (config.dModel, config.feedForward, config.encoderLayers, config.decoderLayers) = (128, 256, 2, 2)
        let settings = TrainingSettings(direction: .enZh, model: config, epochs: 2, seed: 1, maxTokens: 1500, warmup: 100)
        let folder = URL(fileURLWithPath: "out/P06/tour")
        let short = train.filter { $0.source.split(separator: " ").count <= 12 }.prefix(3000)
        let model = try TrainingRun(settings: settings, folder: folder, bpe: bpe).run(train: Array(short), valid: [], resume: false)
        print("\n4. decode: greedy and beam 4 (GNMT α = 0.6) with cached keys and values.")
        let sample = test.filter { $0.source.split(separator: " ").count <= 12 }.prefix(100)
        for beam in [1, 4] {
            let hyps = SentenceTranslator(model: model, bpe: bpe, beamWidth: beam).translate(sample.map(\.source))
            let scores = Scores(hypotheses: hyps, references: sample.map(\.target), direction: .enZh)
            print(
                String(
                    format: "   %@: BLEU %.2f chrF %.2f on 100 short test pairs   e.g. %@ → %@", beam == 1 ? "greedy" : "beam 4",
                    scores.bleu, scores.chrf, sample.first!.source, hyps.first!))
        }
        try AttentionFigure.write(model: model, bpe: bpe, sources: sample.prefix(2).map(\.source), to: folder.appendingPathComponent("attention"))
        print("\n5. figures in \(folder.path); next: `swift run -c release P06 train`, then `P06 eval`, `P06 translate`.")
    }
}
