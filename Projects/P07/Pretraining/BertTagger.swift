import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// Something that gives each character of each sentence a BIO tag: the BiLSTM-CRF or the BERT tagger.
protocol EntityTagger {
    func tag(_ sentences: [[String]]) throws -> [[String]]
}

extension TrainedTagger: EntityTagger {
    func tag(_ sentences: [[String]]) -> [[String]] { tag(sentences, batchSize: 64) }
}

extension EntityTagger {
    /// Tags each text one `Character` at a time and reads its entities with offsets (P07-E06).
    func extract(_ texts: [String]) throws -> [Extraction] {
        let tags = try tag(texts.map { Array($0).map(String.init) })
        return try zip(texts, tags).map { Extraction(text: $0, entities: try extractedEntities(text: $0, tags: $1)) }
    }
}

/// The tagger in a training run's folder: BERT when it holds `tagger.json`, else the BiLSTM-CRF.
func loadEntityTagger(from folder: URL) throws -> any EntityTagger {
    FileManager.default.fileExists(atPath: TrainedBertTagger.infoURL(in: folder).path)
        ? try TrainedBertTagger.load(from: folder) : try TrainedTagger.load(from: folder)
}

/// BERT for token classification: one label per character from a linear layer on the
/// encoder's vectors (softmax), decoded with the BIO constraints (P07-E03, P07-E04).
final class BertTagger: Module {
    let encoder: BertModel
    let dropout = Dropout(0.1)
    let classifier: Linear

    init(encoder: BertModel, labels: Int) {
        self.encoder = encoder
        classifier = Linear(encoder.config.hiddenSize, labels)
    }

    /// Label scores [sentences, 2 + longest, labels] for `[CLS] characters [SEP]`, padded on the right.
    func logits(_ ids: [[Int]], padId: Int) -> Tensor {
        let batch = padBatch(ids, padId: padId)
        return classifier(dropout(encoder(inputIds: batch.ids, attentionMask: batch.mask).lastHiddenState))
    }
}

/// What is saved with a BERT tagger besides its weights.
struct BertTaggerInfo: Codable, Equatable {
    var labels: [String]
    var bert: BertConfig
    /// "pretrained" or "random".
    var initialization: String
}

/// A BERT tagger in a folder: `tagger.json`, `vocab.txt` (a `CharacterTable`), `model.safetensors`.
struct TrainedBertTagger: EntityTagger {
    let info: BertTaggerInfo
    let table: CharacterTable
    let model: BertTagger
    let constraints: TransitionConstraints

    static func infoURL(in folder: URL) -> URL { folder.appendingPathComponent("tagger.json") }

    init(info: BertTaggerInfo, table: CharacterTable, model: BertTagger) throws {
        (self.info, self.table, self.model) = (info, table, model)
        constraints = try bioConstraints(labels: info.labels)
    }

    func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try table.write(to: folder.appendingPathComponent("vocab.txt"))
        try AtomicFile.write(try prettyJSON(info), to: Self.infoURL(in: folder))
        try model.save(to: folder.appendingPathComponent("model.safetensors"))
    }

    static func load(from folder: URL) throws -> TrainedBertTagger {
        let files = [infoURL(in: folder), folder.appendingPathComponent("vocab.txt"), folder.appendingPathComponent("model.safetensors")]
        for url in files where !FileManager.default.fileExists(atPath: url.path) { throw P07Error.missing(url.path, fix: "swift run -c release P07 bert") }
        let info = try JSONDecoder().decode(BertTaggerInfo.self, from: Data(contentsOf: files[0]))
        let table = try CharacterTable.read(from: files[1])
        guard table.vocabulary.count == info.bert.vocabSize else {
            throw P07Error.badInput("\(files[1].path) has \(table.vocabulary.count) entries, the model \(info.bert.vocabSize)")
        }
        let model = BertTagger(encoder: BertModel(info.bert), labels: info.labels.count)
        try model.load(from: files[2])
        model.eval()
        return try TrainedBertTagger(info: info, table: table, model: model)
    }

    /// `[CLS]` characters `[SEP]`, cut to the encoder's positions.
    func ids(_ sentence: [String]) -> [Int] {
        table.sentenceIds(Array(sentence.prefix(info.bert.maxPositionEmbeddings - 2)))
    }

    /// The most likely BIO path of each sentence under the constraints, from the
    /// log-softmax of the label scores (characters past the encoder's length are `O`).
    func tag(_ sentences: [[String]]) throws -> [[String]] {
        var result = [[String]](repeating: [], count: sentences.count)
        try noGrad {
            for batch in lengthBuckets(lengths: sentences.map(\.count), batchSize: 64) {
                let nonEmpty = batch.filter { !sentences[$0].isEmpty }
                guard !nonEmpty.isEmpty else { continue }
                let scores = model.logits(nonEmpty.map { ids(sentences[$0]) }, padId: table.padId).logSoftmax(axis: 2)
                let (length, labels) = (scores.shape[1], scores.shape[2]), values = scores.doubles
                for (row, i) in nonEmpty.enumerated() {
                    let n = min(sentences[i].count, info.bert.maxPositionEmbeddings - 2)
                    let emissions = (0..<n).map { t in Array(values[((row * length) + t + 1) * labels..<((row * length) + t + 2) * labels]) }
                    let zeros = [Double](repeating: 0, count: labels)
                    let path = try viterbiDecode(
                        emissions: emissions, transitions: [[Double]](repeating: zeros, count: labels), start: zeros, end: zeros,
                        allowed: constraints
                    ).path
                    result[i] = path.map { info.labels[$0] } + [String](repeating: "O", count: sentences[i].count - n)
                }
            }
        }
        return result
    }
}

/// A BERT NER run's settings.
struct BertTaggerSettings: Codable, Equatable {
    var initialization = "pretrained"
    var encoder = "out/P07/bert-zh"
    var fraction = 1.0
    var epochs = 5
    var batchSize = 32
    var lr = 1e-4
    var warmup = 0.1
    var weightDecay = 0.01
    var seed: UInt64 = 1
}

/// Fine-tuning for NER: cross-entropy on each character's label, AdamW with warmup and
/// linear decay, dev F1 after each epoch, the best epoch kept. The labelled subset for a
/// `fraction` is the BiLSTM-CRF's (same seed, same sentences).
struct BertTaggerTraining {
    let settings: BertTaggerSettings
    let folder: URL

    @discardableResult
    func run(train allTrain: [TaggedSentence], dev: [TaggedSentence]) throws -> TrainedBertTagger {
        let s = settings
        let train = TaggerTraining.labelled(allTrain, fraction: s.fraction, seed: s.seed)
        Random.seed(s.seed)
        let encoder: BertModel, table: CharacterTable
        if s.initialization == "pretrained" {
            (encoder, table) = try {
                let p = try PretrainedChineseEncoder.load(from: URL(fileURLWithPath: s.encoder)); return (p.model, p.table)
            }()
        } else {
            // The vocabulary pre-training builds: every training character seen twice (text, not labels).
            table = try CharacterTable(texts: allTrain.map { $0.tokens.joined() }, minimumCount: PretrainSettings().minimumCount)
            encoder = BertModel(chineseBertConfig(vocabulary: table.vocabulary.count))
            encoder.initializeLikeBERT()
        }
        let model = BertTagger(encoder: encoder, labels: MSRA.labels.count)
        model.classifier.initializeLikeBERT()
        let tagger = try TrainedBertTagger(
            info: BertTaggerInfo(labels: MSRA.labels, bert: encoder.config, initialization: s.initialization),
            table: table, model: model)
        let labelIndex = Dictionary(uniqueKeysWithValues: MSRA.labels.enumerated().map { ($1, $0) })
        let ids = train.map { tagger.ids($0.tokens) }
        let targets = try train.map { sentence in
            try [-100]
                + sentence.tags.prefix(encoder.config.maxPositionEmbeddings - 2).map { tag in
                    guard let i = labelIndex[tag] else { throw P07Error.badInput("unknown label \(tag)") }
                    return i
                } + [-100]
        }
        let optimizer = AdamW(model.parameters(), lr: s.lr, weightDecay: s.weightDecay)
        let steps = s.epochs * ((train.count + s.batchSize - 1) / s.batchSize)
        let schedule = warmupThenLinearDecay(optimizer, steps: steps, warmup: s.warmup)
        print(
            "BERT tagger, \(s.initialization) encoder: \(model.parameterCount) parameters, \(train.count) training sentences "
                + "(\(Int((s.fraction * 100).rounded()))% of the labels), \(steps) steps")
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("history.jsonl"))
        var best = -1.0
        for epoch in 1...s.epochs {
            Random.seed(s.seed &+ UInt64(epoch) &* 1_000_003)
            let batches = lengthBuckets(lengths: ids.map(\.count), batchSize: s.batchSize, seed: s.seed &+ UInt64(epoch))
            let bar = ProgressBar(total: batches.count, label: "epoch \(epoch)/\(s.epochs)")
            let start = Date()
            model.train()
            let trainLoss = fineTuningEpoch(batches, parameters: model.parameters(), optimizer: optimizer, schedule: schedule, bar: bar) { batch in
                let logits = model.logits(batch.map { ids[$0] }, padId: table.padId)
                let length = logits.shape[1]
                let gold = batch.flatMap { targets[$0] + [Int](repeating: -100, count: length - targets[$0].count) }
                return crossEntropy(logits.reshape([batch.count * length, MSRA.labels.count]), Tensor(ints: gold))
            }
            model.eval()
            let devF1 = EntityScores(truth: dev.map(\.tags), predicted: try tagger.tag(dev.map(\.tokens))).micro.f1
            bar.finish(values: [("loss", trainLoss), ("dev F1", devF1)])
            if devF1 > best {
                best = devF1
                try tagger.save(to: folder)
            }
            let line = String(
                format: "{\"epoch\": %d, \"train_loss\": %.4f, \"dev_f1\": %.4f, \"seconds\": %.1f}",
                epoch, trainLoss, devF1, Date().timeIntervalSince(start))
            try AtomicFile.appendLine(line, to: folder.appendingPathComponent("history.jsonl"))
        }
        print(String(format: "best dev F1 %.4f; model: %@ (evaluate with `P07 eval --model %@`)", best, folder.path, folder.path))
        return try TrainedBertTagger.load(from: folder)
    }
}

struct BertTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bert",
        abstract: "Fine-tune the Chinese BERT for NER (softmax on each character, BIO-constrained decoding), pre-trained or from random initialization.")

    @OptionGroup var data: DataOptions
    @Option(name: .customLong("init"), help: "pretrained (from `P07 pretrain`) or random.") var initialization = "pretrained"
    @Option(help: "The pre-trained encoder's folder.") var encoder = "out/P07/bert-zh"
    @Option(help: "Share of the training labels to use: 0.01, 0.1 or 1.") var fraction = 1.0
    @Option(help: "Epochs.") var epochs = 5
    @Option(help: "Sentences per batch.") var batchSize = 32
    @Option(help: "AdamW peak learning rate.") var lr = 1e-4
    @Option(help: "Seed (labelled subset, classifier weights, batch order, dropout).") var seed: UInt64 = 1
    @Option(help: "Output folder. Default: out/P07/bert-<init>-<percent>") var out: String?

    func run() throws {
        guard ["pretrained", "random"].contains(initialization) else { throw P07Error.badInput("--init is pretrained or random") }
        guard epochs > 0, batchSize > 0, lr > 0, fraction > 0 && fraction <= 1 else {
            throw P07Error.badInput("epochs, batch-size and lr must be positive, fraction in (0, 1]")
        }
        print("Data: \(MSRA.licence)")
        let settings = BertTaggerSettings(
            initialization: initialization, encoder: encoder, fraction: fraction, epochs: epochs,
            batchSize: batchSize, lr: lr, seed: seed)
        let folder = URL(fileURLWithPath: out ?? "out/P07/bert-\(initialization)-\(Int((fraction * 100).rounded()))")
        try BertTaggerTraining(settings: settings, folder: folder).run(train: try data.split("train"), dev: try data.split("dev"))
    }
}
