import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// The settings of one training run, saved with each checkpoint so `--resume` continues the same run.
struct TrainingSettings: Codable, Equatable {
    var epochs = 8
    var batchSize = 32
    var lr = 1e-3
    var clip = 5.0
    var seed: UInt64 = 1
    /// The share of the training sentences whose labels are used (label efficiency: 0.01, 0.1, 1).
    var fraction = 1.0
    var embedding = 128
    var hidden = 128
    var dropout = 0.5
    /// Bigram embedding size; 0: characters only.
    var bigrams = 50
}

/// One training run: Adam on the CRF's negative log-likelihood, a checkpoint every epoch,
/// and the epoch with the best dev F1 kept as `model.safetensors`.
struct TaggerTraining {
    let settings: TrainingSettings
    let folder: URL
    var log: (String) -> Void = { print($0) }

    var historyURL: URL { folder.appendingPathComponent("history.jsonl") }

    /// The training sentences of a run: all of them, or a seeded `fraction` of them.
    static func labelled(_ train: [TaggedSentence], fraction: Double, seed: UInt64) -> [TaggedSentence] {
        guard fraction < 1 else { return train }
        var generator = Generator(seed: seed)
        let count = max(1, Int((Double(train.count) * fraction).rounded()))
        return Array(train.indices).shuffled(using: &generator).prefix(count).sorted().map { train[$0] }
    }

    @discardableResult
    func run(train allTrain: [TaggedSentence], dev: [TaggedSentence], resume: Bool) throws -> TrainedTagger {
        let s = settings
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let train = Self.labelled(allTrain, fraction: s.fraction, seed: s.seed)
        guard !train.isEmpty else { throw P07Error.badInput("no training sentences") }
        let vocabulary = CharacterVocabulary(training: train, bigrams: s.bigrams > 0)
        Random.seed(s.seed)
        let model = BiLSTMCRF(
            TaggerConfig(
                vocabulary: vocabulary.count, embedding: s.embedding, hidden: s.hidden, dropout: s.dropout,
                bigrams: vocabulary.bigramFeatures(size: s.bigrams)))
        let optimizer = Adam(model.parameters(), lr: s.lr)
        let tagger = try TrainedTagger(model: model, vocabulary: vocabulary)
        let ids = vocabulary.encode(train.map(\.tokens))
        let labelIndex = Dictionary(uniqueKeysWithValues: MSRA.labels.enumerated().map { ($1, $0) })
        let tags = try train.map { sentence in
            try sentence.tags.map { tag in
                guard let index = labelIndex[tag] else { throw P07Error.badInput("unknown label \(tag) (labels: \(MSRA.labels))") }
                return index
            }
        }

        var first = 1, bestF1 = -1.0
        if resume, case let last = Checkpoint.lastEpoch(in: folder), last > 0 {
            let metadata = try Checkpoint.load(from: Checkpoint.epochFile(last, in: folder), model: model, optimizer: optimizer).metadata
            var saved = metadata["settings"].flatMap { try? JSONDecoder().decode(TrainingSettings.self, from: Data($0.utf8)) }
            saved?.epochs = s.epochs
            guard saved == s else {
                throw P07Error.badInput("\(Checkpoint.epochFile(last, in: folder).path) was written with other settings; use another --out or the same options")
            }
            first = last + 1
            bestF1 = Double(metadata["best_dev_f1"] ?? "") ?? -1
            log("resuming after epoch \(last) (best dev F1 so far \(String(format: "%.4f", bestF1)))")
        }
        log(
            "BiLSTM-CRF: \(model.parameterCount) parameters, \(train.count) training sentences (\(Int(s.fraction * 100))% of the labels), "
                + "\(vocabulary.count) characters" + (vocabulary.bigramTable.map { ", \($0.count) bigrams" } ?? ""))
        for epoch in first...max(first, s.epochs) where epoch <= s.epochs {
            Random.seed(s.seed &+ UInt64(epoch) &* 1_000_003)  // dropout masks of this epoch
            let batches = lengthBuckets(lengths: ids.map(\.characters.count), batchSize: s.batchSize, seed: s.seed &+ UInt64(epoch))
            let bar = ProgressBar(total: batches.count, label: "epoch \(epoch)/\(s.epochs)")
            let start = Date()
            var (total, sentences) = (0.0, 0)
            model.train()
            for (b, batch) in batches.enumerated() {
                optimizer.zeroGrad()
                let loss = model.loss(TaggerBatch(batch.map { ids[$0] }), tags: batch.map { tags[$0] })
                loss.backward()
                clipGradNorm(model.parameters(), maxNorm: s.clip)
                optimizer.step()
                total += loss.item * Double(batch.count)
                sentences += batch.count
                bar.update(b + 1, values: [("nll", total / Double(sentences))])
            }
            model.eval()
            let devF1 = EntityScores(truth: dev.map(\.tags), predicted: tagger.tag(dev.map(\.tokens))).micro.f1
            bar.finish(values: [("nll", total / Double(sentences)), ("dev F1", devF1)])
            if devF1 > bestF1 {
                bestF1 = devF1
                try tagger.save(to: folder)
            }
            let metadata = ["epoch": "\(epoch)", "settings": try settingsJSON(), "best_dev_f1": "\(bestF1)"]
            try Checkpoint.save(model: model, optimizer: optimizer, metadata: metadata, to: Checkpoint.epochFile(epoch, in: folder))
            let line = String(
                format: "{\"epoch\": %d, \"train_nll\": %.4f, \"dev_f1\": %.4f, \"seconds\": %.1f}",
                epoch, total / Double(sentences), devF1, Date().timeIntervalSince(start))
            try AtomicFile.appendLine(line, to: historyURL)
        }
        log("best dev F1 \(String(format: "%.4f", bestF1)); model: \(TrainedTagger.modelURL(in: folder).path)")
        return try TrainedTagger.load(from: folder)
    }

    func settingsJSON() throws -> String { String(decoding: try JSONEncoder().encode(settings), as: UTF8.self) }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the BiLSTM-CRF on MSRA's training split; a checkpoint every epoch, the best dev F1 kept as model.safetensors.")

    @OptionGroup var data: DataOptions
    @Option(help: "Epochs.") var epochs = 8
    @Option(help: "Sentences per batch.") var batchSize = 32
    @Option(help: "Adam learning rate.") var lr = 1e-3
    @Option(help: "Share of the training labels to use: 0.01, 0.1 or 1 (label efficiency).") var fraction = 1.0
    @Option(help: "Seed (initial weights, the labelled subset, batch order, dropout).") var seed: UInt64 = 1
    @Option(help: "Character embedding size.") var embedding = 128
    @Option(help: "LSTM hidden size per direction.") var hidden = 128
    @Option(help: "Dropout probability.") var dropout = 0.5
    @Option(help: "Bigram embedding size (each character also sees the bigram it starts); 0: characters only.") var bigrams = 50
    @Option(help: "Output folder. Default: out/P07/bilstm-crf-<percent>") var out: String?
    @Flag(help: "Continue from the last epoch checkpoint in --out.") var resume = false

    func run() throws {
        guard epochs > 0, batchSize > 0, lr > 0, embedding > 0, hidden > 0, bigrams >= 0 else {
            throw P07Error.badInput("epochs, batch-size, lr, embedding and hidden must be positive, bigrams not negative")
        }
        guard fraction > 0 && fraction <= 1, (0..<1).contains(dropout) else { throw P07Error.badInput("fraction must be in (0, 1], dropout in [0, 1)") }
        let settings = TrainingSettings(
            epochs: epochs, batchSize: batchSize, lr: lr, seed: seed, fraction: fraction,
            embedding: embedding, hidden: hidden, dropout: dropout, bigrams: bigrams)
        print("Data: \(MSRA.licence)")
        let folder = URL(fileURLWithPath: out ?? "out/P07/bilstm-crf-\(Int((fraction * 100).rounded()))")
        try TaggerTraining(settings: settings, folder: folder).run(train: try data.split("train"), dev: try data.split("dev"), resume: resume)
    }
}
