import DeepLearning
import FileIO
import Foundation

/// Everything that defines a training run; saved in every checkpoint so that `--resume`
/// continues only the same run, and in the model so that `eval` rebuilds it.
struct TrainingSettings: Codable, Equatable {
    var task: Task = .binary
    var model: ModelKind = .transfer
    /// Images are resized to size×size.
    var size = 224
    var epochs = 12
    /// Transfer learning: the first `headEpochs` train the head on cached pooled features,
    /// the rest fine-tune the last blocks on cached prefix activations.
    var headEpochs = 4
    var seed: UInt64 = 1
    /// Augmented views cached per training image (the first is the image itself).
    var views = 2
    var batchSize = 32
    /// The head's learning rate (and the whole network's for end-to-end training).
    var lr = 1e-3
    /// Discriminative learning rates: each block further from the head learns `layerDecay`× slower.
    var layerDecay = 0.5
    /// Class weights N / (K·n_c) in the loss, against the 2:1 imbalance.
    var weightedLoss = true
    var objective: ThresholdObjective = .accuracy
    /// Use only the first N training cells (quick runs and tests).
    var maxTrain: Int?
}

/// Several optimizers of one kind, one per parameter group, each with its own share of the
/// learning rate: `lr` scales them all (PyTorch's param groups with per-group `lr`).
final class GroupedOptimizer: Optimizer {
    let groups: [Adam]
    let factors: [Double]

    init(groups: [[Tensor]], lr: Double, factors: [Double]) {
        precondition(groups.count == factors.count, "GroupedOptimizer: \(groups.count) groups, \(factors.count) factors")
        self.groups = zip(groups, factors).map { Adam($0, lr: lr * $1) }
        self.factors = factors
        self.lr = lr
    }

    var lr: Double { didSet { for (g, f) in zip(groups, factors) { g.lr = lr * f } } }
    var parameters: [Tensor] {
        get { groups.flatMap(\.parameters) }
        set { preconditionFailure("GroupedOptimizer: parameters are fixed by the groups") }
    }
    var learningRates: [Double] { groups.map(\.lr) }
    func step() { groups.forEach { $0.step() } }
    func zeroGrad() { groups.forEach { $0.zeroGrad() } }
    func stateDict() -> [String: Tensor] {
        var dict: [String: Tensor] = [:]
        for (i, g) in groups.enumerated() { for (k, v) in g.stateDict() { dict["group\(i).\(k)"] = v } }
        return dict
    }
    func loadStateDict(_ state: [String: Tensor]) throws {
        let sections = groups.indices.map { i in
            Dictionary(uniqueKeysWithValues: state.filter { $0.key.hasPrefix("group\(i).") }.map { (String($0.key.dropFirst("group\(i).".count)), $0.value) })
        }
        guard sections.map(\.count).reduce(0, +) == state.count else {
            throw CheckpointError.mismatch([.unexpected(name: "optimizer groups other than 0..<\(groups.count)")])
        }
        for (g, s) in zip(groups, sections) { try g.loadStateDict(s) }
    }
}

/// The learning-rate factors of discriminative fine-tuning: the head 1, the block below it
/// `decay`, the next `decay²`, ... (ULMFiT's and Howard & Ruder's "discriminative" rates).
func discriminativeFactors(groups: Int, decay: Double) -> [Double] {
    ExerciseTwins.called("discriminativeFactors", twinOf: ["P01-E02"])
    return (0..<groups).map { pow(decay, Double($0)) }
}

/// The training stage an epoch belongs to.
enum Stage: String, Codable {
    /// Transfer: the head alone, on cached pooled features of the frozen backbone.
    case head
    /// Transfer: the last blocks and the head, on cached activations of the frozen prefix.
    case tune
    /// Scratch or small CNN: the whole network, on freshly augmented images.
    case endToEnd = "end-to-end"
}

/// One training run: caches, stages, a checkpoint every epoch, the final model with its threshold.
struct TrainingRun {
    let settings: TrainingSettings
    let folder: URL
    var weights: URL? = imageNetWeightsURL
    var log: (String) -> Void = { print($0) }

    func checkpointURL(epoch: Int) -> URL { Checkpoint.epochFile(epoch, in: folder) }
    var modelURL: URL { folder.appendingPathComponent("model.safetensors") }

    func stage(ofEpoch epoch: Int) -> Stage {
        settings.model != .transfer ? .endToEnd : (epoch <= settings.headEpochs ? .head : .tune)
    }

    /// The highest epoch with a checkpoint in the folder, 0 when none.
    func lastEpoch() -> Int { Checkpoint.lastEpoch(in: folder) }

    @discardableResult
    func run(train: CellImages, valid: CellImages, resume: Bool) throws -> TrainedModel {
        let s = settings
        guard train.count > 0, valid.count > 0 else { throw P01Error.badInput("empty training or validation split") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        Random.seed(s.seed)
        let model = try makeModel(s.model, task: s.task, weights: s.model == .transfer ? weights : nil)
        var first = 1
        var savedOptimizer: (stage: Stage, state: [String: Tensor])?
        if resume, case let last = lastEpoch(), last > 0 {
            let url = checkpointURL(epoch: last)
            let loaded = try Checkpoint.load(from: url, model: model)
            var saved = loaded.metadata["settings"].flatMap { try? JSONDecoder().decode(TrainingSettings.self, from: Data($0.utf8)) }
            saved?.epochs = s.epochs
            guard saved == s else { throw P01Error.badInput("\(url.path) was written with other settings; use another --out or the same options") }
            let tensors = try SafeTensors.read(from: url)
            savedOptimizer = (stage(ofEpoch: last), section(tensors, "optimizer."))
            first = last + 1
            log("resuming after epoch \(last)")
        }
        let trainLabels = train.labels(Array(0..<train.count), task: s.task)
        // The class weights are the learner's own (P01-E03): training waits for that exercise.
        let weights: [Double]? = try s.weightedLoss ? classWeights(labels: trainLabels, classes: s.task.classes) : nil
        let weight = weights.map { Tensor($0, shape: [$0.count], dtype: .float32) }
        log(
            "\(s.model.rawValue) \(s.task.rawValue): \(model.parameterCount) parameters; \(train.count) training / \(valid.count) validation cells at \(s.size) px"
        )

        let stages = (first...max(first, s.epochs)).filter { $0 <= s.epochs }.map { stage(ofEpoch: $0) }
        let trainer: EpochTrainer
        switch s.model {
        case .transfer:
            trainer = try CachedTrainer(
                settings: s, model: model as! MobileNetV2, train: train, valid: valid,
                needsTrain: !stages.isEmpty, needsHead: stages.contains(.head), log: log)
        case .scratch, .small:
            trainer = OnlineTrainer(settings: s, model: model, train: train, valid: valid)
        }
        var optimizers: [Stage: Optimizer] = [:]
        for epoch in first...max(first, s.epochs) where epoch <= s.epochs {
            let stage = stage(ofEpoch: epoch)
            let optimizer =
                try optimizers[stage]
                ?? {
                    let o = trainer.optimizer(for: stage)
                    if let saved = savedOptimizer, saved.stage == stage { try o.loadStateDict(saved.state) }
                    optimizers[stage] = o
                    return o
                }()
            let start = Date()
            let loss = trainer.epoch(epoch, stage: stage, optimizer: optimizer, weight: weight)
            let scores = trainer.validationScores()
            let validLabels = valid.labels(Array(0..<valid.count), task: s.task)
            let summary = validationSummary(scores, labels: validLabels)
            try Checkpoint.save(
                model: model, optimizer: optimizer,
                metadata: ["epoch": "\(epoch)", "stage": stage.rawValue, "settings": try settingsJSON()],
                to: checkpointURL(epoch: epoch))
            let line = String(
                format: "{\"epoch\": %d, \"stage\": \"%@\", \"train_loss\": %.4f, \"valid_accuracy\": %.4f, \"valid_auc\": %.4f, \"seconds\": %.1f}",
                epoch, stage.rawValue, loss, summary.accuracy, summary.auc, Date().timeIntervalSince(start))
            log(line)
            try AtomicFile.appendLine(line, to: folder.appendingPathComponent("history.jsonl"))
        }
        // The decision threshold, chosen on the validation split only.
        let scores = trainer.validationScores()
        let labels = valid.labels(Array(0..<valid.count), task: s.task)
        let threshold = try s.task == .binary ? chooseThreshold(scores: scores.map { $0[1] }, labels: labels, objective: s.objective) : 0.5
        let trained = TrainedModel(model: model, settings: s, threshold: threshold)
        try trained.save(to: modelURL)
        log(String(format: "threshold %.4f (best validation %@); model in %@", threshold, s.objective.rawValue, modelURL.path))
        return trained
    }

    func validationSummary(_ scores: [[Double]], labels: [Int]) -> (accuracy: Double, auc: Double) {
        if settings.task == .binary {
            let m = BinaryMetrics(scores: scores.map { $0[1] }, labels: labels, threshold: 0.5)
            return (m.accuracy, m.auc)
        }
        let predictions = scores.map { row in row.indices.max { row[$0] < row[$1] }! }
        let defect = scores.map { $0[2] + $0[3] }
        return (GradeMetrics(predictions: predictions, labels: labels, classes: 4).accuracy, rocAUC(scores: defect, labels: labels.map { $0 >= 2 ? 1 : 0 }))
    }

    func settingsJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }
}

/// One stage's optimizer and one epoch of it.
protocol EpochTrainer {
    func optimizer(for stage: Stage) -> Optimizer
    /// Trains one epoch; returns the mean training loss.
    func epoch(_ epoch: Int, stage: Stage, optimizer: Optimizer, weight: Tensor?) -> Double
    /// Class probabilities [cell][class] on the validation split.
    func validationScores() -> [[Double]]
}

/// A shuffled order of `n` examples for `epoch`, cut into batches.
func epochBatches(_ n: Int, batchSize: Int, seed: UInt64, epoch: Int) -> [[Int]] {
    var generator = Generator(seed: seed &+ UInt64(epoch) &* 1_000_003)
    let order = (0..<n).shuffledStably(using: &generator)
    return stride(from: 0, to: n, by: batchSize).map { Array(order[$0..<min($0 + batchSize, n)]) }
}

/// Runs `body` over `x` [N, ...] in batches and concatenates the results, without gradients.
func batched(_ x: Tensor, size: Int = 32, _ body: (Tensor) -> Tensor) -> Tensor {
    let n = x.shape[0]
    return noGrad { concat(stride(from: 0, to: n, by: size).map { body(x.slice(axis: 0, start: $0, end: min($0 + size, n))) }, axis: 0) }
}

func probabilities(_ logits: Tensor) -> [[Double]] {
    let p = logits.softmax(axis: 1).doubles, k = logits.shape[1]
    return (0..<logits.shape[0]).map { Array(p[$0 * k..<($0 + 1) * k]) }
}

/// One training step: forward, loss, backward, update. Returns the loss.
func trainStep(_ forward: () -> Tensor, targets: [Int], optimizer: Optimizer, weight: Tensor?) -> Double {
    optimizer.zeroGrad()
    let loss = crossEntropy(forward(), Tensor(ints: targets), weight: weight)
    loss.backward()
    optimizer.step()
    return loss.item
}

/// Transfer learning on caches: the frozen prefix runs once per cached view of every image;
/// the head stage then trains on pooled features, the tune stage on the prefix activations.
final class CachedTrainer: EpochTrainer {
    let settings: TrainingSettings
    let net: SplitMobileNet
    let labels: [Int]
    /// [views] of [N, C, h, w] prefix activations of the training images, and of the validation images.
    let trainCache: [Tensor]
    let validCache: Tensor
    /// [views] of [N, 1280] pooled features of the ImageNet backbone (head stage).
    var pooled: [Tensor] = []

    init(
        settings s: TrainingSettings, model: MobileNetV2, train: CellImages, valid: CellImages, needsTrain: Bool, needsHead: Bool,
        log: (String) -> Void
    ) throws {
        settings = s
        net = SplitMobileNet(model: model, split: defaultSplit)
        labels = train.labels(Array(0..<train.count), task: s.task)
        model.eval()
        let start = Date()
        let prefix = net.prefix
        func cache(_ images: CellImages, view: Int) -> Tensor {
            let input = images.batch(Array(0..<images.count)) { i, pixels in
                var generator = Generator(seed: s.seed &+ UInt64(view) &* 7_919 &+ UInt64(i) &* 104_729)
                return GreyInput.normalized(view == 0 ? pixels : Augmentation.random(pixels, size: images.size, using: &generator))
            }
            return batched(input) { prefix($0) }
        }
        // A resumed run with no epochs left only needs the validation maps (for the threshold).
        trainCache = needsTrain ? (0..<max(s.views, 1)).map { cache(train, view: $0) } : []
        validCache = cache(valid, view: 0)
        if needsHead { pooled = trainCache.map { c in batched(c) { net.embedding($0) } } }
        log(
            String(
                format: "cached %d views of %d cells through features.0-%d: %@ each, in %.0f s", trainCache.count, train.count,
                defaultSplit - 1, validCache.shape.dropFirst().map(String.init).joined(separator: "×"), Date().timeIntervalSince(start)))
    }

    func optimizer(for stage: Stage) -> Optimizer {
        let model = net.model
        model.features.freeze()
        if stage == .head { return GroupedOptimizer(groups: [model.classifier.parameters()], lr: settings.lr, factors: [1]) }
        // Head first, then the unfrozen blocks from the top down, each `layerDecay`× slower.
        let blocks = net.trainableBlocks.reversed()
        blocks.forEach { $0.unfreeze() }
        let groups = [model.classifier.parameters()] + blocks.map { $0.parameters() }
        return GroupedOptimizer(groups: groups, lr: settings.lr, factors: discriminativeFactors(groups: groups.count, decay: settings.layerDecay))
    }

    func epoch(_ epoch: Int, stage: Stage, optimizer: Optimizer, weight: Tensor?) -> Double {
        let batches = epochBatches(labels.count, batchSize: settings.batchSize, seed: settings.seed, epoch: epoch)
        let bar = ProgressBar(total: batches.count, label: "epoch \(epoch)/\(settings.epochs) \(stage.rawValue)")
        net.model.eval()
        if stage == .tune { net.trainableBlocks.forEach { $0.train() } }
        net.model.classifier.train()
        var total = 0.0
        for (b, batch) in batches.enumerated() {
            // Each image is seen in one of its cached views, chosen by epoch.
            let view = (epoch + b) % trainCache.count
            let index = Tensor(ints: batch)
            let loss = trainStep(
                {
                    stage == .head
                        ? net.model.classifier(pooled[view].indexSelect(axis: 0, index))
                        : net.suffix(trainCache[view].indexSelect(axis: 0, index))
                }, targets: batch.map { labels[$0] }, optimizer: optimizer, weight: weight)
            total += loss * Double(batch.count)
            bar.update(b + 1, values: [("loss", total / Double(batches.prefix(b + 1).map(\.count).reduce(0, +)))])
        }
        bar.finish()
        return total / Double(labels.count)
    }

    func validationScores() -> [[Double]] {
        net.model.eval()
        return probabilities(batched(validCache) { net.suffix($0) })
    }
}

/// End-to-end training (scratch MobileNetV2, small CNN) on images augmented afresh every epoch.
final class OnlineTrainer: EpochTrainer {
    let settings: TrainingSettings
    let model: Module
    let train: CellImages, valid: CellImages

    init(settings: TrainingSettings, model: Module, train: CellImages, valid: CellImages) {
        (self.settings, self.model, self.train, self.valid) = (settings, model, train, valid)
    }

    func optimizer(for stage: Stage) -> Optimizer { GroupedOptimizer(groups: [model.parameters()], lr: settings.lr, factors: [1]) }

    func epoch(_ epoch: Int, stage: Stage, optimizer: Optimizer, weight: Tensor?) -> Double {
        let s = settings
        let batches = epochBatches(train.count, batchSize: s.batchSize, seed: s.seed, epoch: epoch)
        let bar = ProgressBar(total: batches.count, label: "epoch \(epoch)/\(s.epochs)")
        model.train()
        var (total, seen) = (0.0, 0)
        for (b, batch) in batches.enumerated() {
            let x = train.batch(batch) { i, pixels in
                var generator = Generator(seed: s.seed &+ UInt64(epoch) &* 7_919 &+ UInt64(i) &* 104_729)
                return GreyInput.normalized(Augmentation.random(pixels, size: train.size, using: &generator))
            }
            total += trainStep({ model(x) }, targets: train.labels(batch, task: s.task), optimizer: optimizer, weight: weight) * Double(batch.count)
            seen += batch.count
            bar.update(b + 1, values: [("loss", total / Double(seen))])
        }
        bar.finish()
        return total / Double(max(seen, 1))
    }

    func validationScores() -> [[Double]] {
        model.eval()
        let x = valid.batch(Array(0..<valid.count)) { GreyInput.normalized($1) }
        return probabilities(batched(x) { model($0) })
    }
}

/// A trained network with what `eval` and `predict` need: its settings and decision threshold.
struct TrainedModel {
    let model: Module
    let settings: TrainingSettings
    let threshold: Double

    func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try model.save(
            to: url,
            metadata: [
                "settings": String(decoding: try encoder.encode(settings), as: UTF8.self),
                "threshold": String(threshold),
            ])
    }

    static func load(from url: URL) throws -> TrainedModel {
        guard FileManager.default.fileExists(atPath: url.path) else { throw P01Error.missingModel(url.path) }
        let (tensors, metadata) = try SafeTensors.readWithMetadata(from: url)
        guard let json = metadata["settings"], let settings = try? JSONDecoder().decode(TrainingSettings.self, from: Data(json.utf8)) else {
            throw P01Error.badInput("\(url.path) is not a P01 model (no training settings in its metadata)")
        }
        // An epoch checkpoint (model under `model.`, no threshold yet) evaluates at 0.5.
        let isCheckpoint = tensors.keys.contains { $0.hasPrefix("model.") }
        let threshold = metadata["threshold"].flatMap(Double.init) ?? 0.5
        let model = try makeModel(settings.model, task: settings.task, weights: nil)
        do { try model.loadStateDict(isCheckpoint ? section(tensors, "model.") : tensors) } catch {
            throw P01Error.badInput("\(url.path) does not fit a \(settings.model.rawValue) model: \(error)")
        }
        model.eval()
        return TrainedModel(model: model, settings: settings, threshold: threshold)
    }

    /// Class probabilities of grey images [N, 1, size, size] in [0, 1].
    func probabilities(of images: [[Float]]) -> [[Double]] {
        let size = settings.size
        let x = Tensor(images.flatMap(GreyInput.normalized), shape: [images.count, 1, size, size])
        model.eval()
        return P01.probabilities(batched(x) { model($0) })
    }
}

/// The tensors under `prefix` in a checkpoint, prefix removed.
func section(_ tensors: [String: Tensor], _ prefix: String) -> [String: Tensor] {
    Dictionary(uniqueKeysWithValues: tensors.filter { $0.key.hasPrefix(prefix) }.map { (String($0.key.dropFirst(prefix.count)), $0.value) })
}
