import ArgumentParser
import DeepLearning
import Distributed
import FileIO
import Foundation

/// A model of the kind `config` names.
func makeModel(_ config: ModelConfig) throws -> Translator {
    switch config.kind {
    case "transformer": return TransformerTranslator(config)
    case "lstm": return LSTMTranslator(config)
    default: throw P06Error.badInput("unknown model kind \(config.kind) (transformer or lstm)")
    }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train one direction; a checkpoint every epoch, the last ones averaged into model.safetensors.")

    @OptionGroup var data: DataOptions
    @Option(help: "en-zh or zh-en.") var direction: String = "en-zh"
    @Option(help: "transformer, or lstm (the baseline).") var model: String = "transformer"
    @Option(help: "Epochs (14: about an hour on 2 cores for the default model).") var epochs = 14
    @Option(help: "Seed (initial weights, batch order, dropout).") var seed: UInt64 = 1
    @Option(help: "Output folder. Default: out/P06/<model>-<direction>") var out: String?
    @Option(help: "Tokens per batch (source or target side, padding included).") var maxTokens = 1500
    @Option(help: "Train on the first N pairs only (quick runs).") var maxPairs: Int?
    @Option(help: "Peak learning rate (reached after the warmup).") var lr = 1.5e-3
    @Option(help: "Warmup steps of the inverse-square-root schedule.") var warmup = 400
    @Option(help: "Model width.") var dModel = 256
    @Option(help: "Feed-forward width (Transformer).") var feedForward = 1024
    @Option(help: "Encoder and decoder layers each (Transformer).") var layers = 3
    @Flag(help: "Continue from the last epoch checkpoint in --out.") var resume = false
    @Option(help: "Batches per step: their gradients are averaged, as N processes of --distributed would.") var accumulate = 1
    @Option(help: "Dropout probability.") var dropout = 0.1
    @Flag(help: "Data-parallel over MPI: start with mpirun -np N; each process takes its share of every step's batches.") var distributed = false

    func run() throws {
        guard let direction = Direction(rawValue: direction) else { throw P06Error.badInput("direction must be en-zh or zh-en") }
        guard epochs > 0, maxTokens > 0, accumulate > 0 else { throw P06Error.badInput("epochs, max-tokens and accumulate must be positive") }
        guard (0..<1).contains(dropout) else { throw P06Error.badInput("dropout must be in [0, 1)") }
        let bpe = try data.tokenizer()
        var config = ModelConfig(vocabulary: bpe.vocabularySize)
        config.kind = model
        config.dropout = dropout
        (config.dModel, config.feedForward, config.encoderLayers, config.decoderLayers) = (dModel, feedForward, layers, layers)
        guard dModel > 0, dModel % (2 * config.heads) == 0, feedForward > 0, layers > 0 else {
            throw P06Error.badInput("d-model must be a positive multiple of \(2 * config.heads); feed-forward and layers positive")
        }
        let settings = TrainingSettings(
            direction: direction, model: config, epochs: epochs, seed: seed, maxTokens: maxTokens,
            peakLR: lr, warmup: warmup, maxPairs: maxPairs)
        let folder = URL(fileURLWithPath: out ?? "out/P06/\(model)-\(direction.rawValue)")
        var train = try data.split("train")
        if let maxPairs { train = Array(train.prefix(maxPairs)) }
        let valid = try data.split("valid")
        var run = TrainingRun(settings: settings, folder: folder, bpe: bpe)
        run.accumulate = accumulate
        guard distributed else {
            try run.run(train: train, valid: valid, resume: resume)
            return
        }
        let group = try ProcessGroup.world()
        run.group = group
        if group.rank != 0 { run.log = { _ in } }
        do {
            try run.run(train: train, valid: valid, resume: resume)
            try group.finalize()
        } catch {
            FileHandle.standardError.write(Data("P06 train, rank \(group.rank): \(error)\n".utf8))
            group.abort(code: 1)  // the other ranks would otherwise wait for this one
        }
    }
}

/// One training run: the loop, its checkpoints, and the averaged final model.
struct TrainingRun {
    let settings: TrainingSettings
    let folder: URL
    let bpe: MetaspaceBPE
    var log: (String) -> Void = { print($0) }
    /// The MPI processes training together (`--distributed`), or nil for one process.
    var group: ProcessGroup?
    /// Batches whose gradients each process averages in one step (`--accumulate`).
    var accumulate = 1
    var isRankZero: Bool { (group?.rank ?? 0) == 0 }

    func checkpointURL(epoch: Int) -> URL { Checkpoint.epochFile(epoch, in: folder) }
    var modelURL: URL { folder.appendingPathComponent("model.safetensors") }

    /// The highest epoch with a checkpoint in the folder, 0 when none.
    func lastEpoch() -> Int { Checkpoint.lastEpoch(in: folder) }

    @discardableResult
    func run(train: [SentencePair], valid: [SentencePair], resume: Bool) throws -> Translator {
        let s = settings
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        Random.seed(s.seed)
        let model = try makeModel(s.model)
        let ddp = try group.map { try DistributedDataParallel(model, group: $0) }
        let optimizer = Adam(model.parameters(), lr: s.peakLR, betas: (0.9, 0.98), eps: 1e-9)
        let schedule = try Training.warmupSchedule(optimizer, warmup: s.warmup)
        let trainPairs = Training.encode(train, bpe, s.direction, maxLength: s.model.maxLength)
        let validPairs = Training.encode(valid, bpe, s.direction, maxLength: s.model.maxLength)
        guard !trainPairs.isEmpty else { throw P06Error.badInput("no training pairs") }

        var first = 1, step = 0
        if resume, case let last = lastEpoch(), last > 0 {
            let metadata = try Checkpoint.load(from: checkpointURL(epoch: last), model: model, optimizer: optimizer).metadata
            // The same run, perhaps with more epochs.
            var saved = metadata["settings"].flatMap { try? JSONDecoder().decode(TrainingSettings.self, from: Data($0.utf8)) }
            saved?.epochs = s.epochs
            guard saved == s else {
                throw P06Error.badInput("\(checkpointURL(epoch: last).path) was written with other settings; use another --out or the same options")
            }
            (first, step) = (last + 1, Int(metadata["step"] ?? "0") ?? 0)
            schedule.lastEpoch = step
            log("resuming after epoch \(last) (step \(step))")
        }
        log("\(s.model.kind) \(s.direction.rawValue): \(model.parameters().reduce(0) { $0 + $1.count }) parameters, \(trainPairs.count) training pairs")
        for epoch in first...max(first, s.epochs) where epoch <= s.epochs {
            // Each process draws its own dropout masks; rank 0 those of a single process.
            Random.seed(s.seed &+ UInt64(epoch) &* 1_000_003 &+ UInt64(group?.rank ?? 0) &* 7919)
            let steps = try stepsOfEpoch(tokenBuckets(lengths: trainPairs.map(\.length), maxTokens: s.maxTokens, seed: s.seed &+ UInt64(epoch)))
            let bar = ProgressBar(
                total: steps.count, label: "epoch \(epoch)/\(s.epochs)",
                write: isRankZero ? { ProgressBar.standardOutput($0) } : { _ in })
            let start = Date()
            var (total, tokens) = (0.0, 0)
            model.train()
            for (b, batches) in steps.enumerated() {
                optimizer.zeroGrad()
                let (lossSum, n) = try gradients(of: batches.map { $0.map { trainPairs[$0] } }, model: model, ddp: ddp)
                optimizer.step()
                schedule.step()
                step += 1
                total += lossSum
                tokens += n
                bar.update(b + 1, values: [("loss", total / Double(tokens)), ("lr", optimizer.lr)])
            }
            if let group {  // the training loss of every rank's tokens
                let sums = try group.reduceMetrics(["loss": total, "tokens": Double(tokens)])
                (total, tokens) = (sums["loss"]!, Int(sums["tokens"]!))
            }
            let validLoss = validPairs.isEmpty ? .nan : Training.validationLoss(model, validPairs, maxTokens: s.maxTokens)
            bar.finish(values: [("loss", total / Double(max(tokens, 1))), ("valid", validLoss)])
            let metadata = ["epoch": "\(epoch)", "step": "\(step)", "settings": try settingsJSON()]
            try Checkpoint.save(model: model, optimizer: optimizer, metadata: metadata, to: checkpointURL(epoch: epoch), group: group)
            guard isRankZero else { continue }
            let line = String(
                format: "{\"epoch\": %d, \"step\": %d, \"train_loss\": %.4f, \"valid_loss\": %.4f, \"seconds\": %.1f}",
                epoch, step, total / Double(max(tokens, 1)), validLoss, Date().timeIntervalSince(start))
            try AtomicFile.appendLine(line, to: folder.appendingPathComponent("history.jsonl"))
        }
        if isRankZero { try averageCheckpoints(into: model) }
        return model
    }

    /// The gradients of one step into the model's `grad`s: the mean of the gradients of
    /// `batches` (this process's share of the step), averaged over the processes under
    /// `--distributed`. Returns the summed token loss and the number of target tokens.
    func gradients(of batches: [[EncodedPair]], model: Translator, ddp: DistributedDataParallel?) throws -> (lossSum: Double, tokens: Int) {
        var (lossSum, tokens) = (0.0, 0)
        func scaledLoss(_ batch: [EncodedPair]) -> Tensor {
            let (loss, n) = Training.loss(model, batch, smoothing: settings.labelSmoothing)
            lossSum += loss.item * Double(n)
            tokens += n
            return loss / Double(batches.count)
        }
        if let ddp {
            try ddp.backward { batches.dropFirst().reduce(scaledLoss(batches[0])) { $0 + scaledLoss($1) } }
        } else {
            for batch in batches { scaledLoss(batch).backward() }  // gradients add up in `grad`
        }
        return (lossSum, tokens)
    }

    /// The batches of each step of an epoch, this process's share: a step takes
    /// `accumulate` batches on each of the N processes of `--distributed`, so one process
    /// with `--accumulate N` takes the same steps as N processes. The batches are cut to
    /// a multiple of a step so that every process takes the same number of steps.
    func stepsOfEpoch(_ batches: [[Int]]) throws -> [[[Int]]] {
        let ranks = group?.worldSize ?? 1, rank = group?.rank ?? 0
        let perStep = accumulate * ranks
        guard batches.count >= perStep else {
            throw P06Error.badInput("\(batches.count) batches are fewer than one step takes (\(accumulate) on each of \(ranks) processes)")
        }
        return stride(from: 0, to: batches.count / perStep * perStep, by: perStep).map { start in
            Array(batches[(start + rank * accumulate)..<(start + (rank + 1) * accumulate)])
        }
    }

    /// Averages the last `averageLast` epoch checkpoints into `model.safetensors`.
    func averageCheckpoints(into model: Translator) throws {
        let last = lastEpoch()
        let epochs = Array(max(1, last - settings.averageLast + 1)...max(last, 1)).filter { $0 <= last }
        guard !epochs.isEmpty else { throw P06Error.missingData("no epoch checkpoints in \(folder.path)") }
        let states = try epochs.map { epoch -> [String: Tensor] in
            modelSection(try SafeTensors.read(from: checkpointURL(epoch: epoch)))
        }
        try model.loadStateDict(Training.average(states))
        try model.save(to: modelURL, metadata: ["settings": try settingsJSON(), "averaged_epochs": epochs.map(String.init).joined(separator: ",")])
        log("averaged epochs \(epochs) into \(modelURL.path)")
    }

    func settingsJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }
}

/// Loads a trained model and its settings from `model.safetensors` (or an epoch checkpoint).
func loadTrainedModel(from url: URL) throws -> (model: Translator, settings: TrainingSettings) {
    guard FileManager.default.fileExists(atPath: url.path) else { throw P06Error.missingModel(url.path) }
    let (tensors, metadata) = try SafeTensors.readWithMetadata(from: url)
    guard let json = metadata["settings"], let settings = try? JSONDecoder().decode(TrainingSettings.self, from: Data(json.utf8)) else {
        throw P06Error.badInput("\(url.path) is not a P06 model (no settings in its metadata)")
    }
    let model = try makeModel(settings.model)
    let weights = tensors.keys.contains { $0.hasPrefix("model.") } ? modelSection(tensors) : tensors
    try model.loadStateDict(weights)
    model.eval()
    return (model, settings)
}

/// The model's tensors of a training checkpoint (the `model.` entries, prefix removed).
func modelSection(_ tensors: [String: Tensor]) -> [String: Tensor] {
    Dictionary(uniqueKeysWithValues: tensors.filter { $0.key.hasPrefix("model.") }.map { (String($0.key.dropFirst(6)), $0.value) })
}
