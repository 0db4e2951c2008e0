import ArgumentParser
import DeepLearning
import Foundation

/// `swift run P06 twin`: the first steps of a training run, written down so that the
/// PyTorch twin (`scripts/twins/P06.py`) can take the same steps and compare its losses.
///
/// The file holds the initial weights (`model.*`), the positional table, and for each step
/// its padded batch (`step.N.source`, `step.N.target_in`, `step.N.target_out`); the
/// metadata holds the settings and the losses this library computed. Dropout is 0, so the
/// two frameworks see exactly the same computation.
struct Twin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the first training steps (weights, batches, losses) for the PyTorch twin, scripts/twins/P06.py.")

    @OptionGroup var data: DataOptions
    @Option(help: "en-zh or zh-en.") var direction: String = "en-zh"
    @Option(help: "Training steps to take and record.") var steps = 10
    @Option(help: "Seed (initial weights, batch order).") var seed: UInt64 = 1
    @Option(help: "Tokens per batch.") var maxTokens = 600
    @Option(help: "Model width.") var dModel = 128
    @Option(help: "Feed-forward width.") var feedForward = 512
    @Option(help: "Encoder and decoder layers each.") var layers = 2
    @Option(help: "Warmup steps of the inverse-square-root schedule.") var warmup = 4
    @Option(help: "Peak learning rate.") var lr = 1.5e-3
    @Option(help: "Output file.") var out = "out/P06/twin/steps.safetensors"

    func run() throws {
        guard let direction = Direction(rawValue: direction) else { throw P06Error.badInput("direction must be en-zh or zh-en") }
        guard steps > 0, maxTokens > 0, dModel > 0, dModel % 8 == 0, feedForward > 0, layers > 0, warmup > 0 else {
            throw P06Error.badInput("steps, max-tokens, feed-forward, layers and warmup must be positive; d-model a positive multiple of 8")
        }
        let bpe = try data.tokenizer()
        var config = ModelConfig(vocabulary: bpe.vocabularySize)
        (config.dModel, config.feedForward, config.encoderLayers, config.decoderLayers, config.dropout) = (dModel, feedForward, layers, layers, 0)
        let settings = TrainingSettings(direction: direction, model: config, epochs: 1, seed: seed, maxTokens: maxTokens, peakLR: lr, warmup: warmup)
        let pairs = Training.encode(try data.split("train"), bpe, direction, maxLength: config.maxLength)
        let batches = tokenBuckets(lengths: pairs.map(\.length), maxTokens: maxTokens, seed: seed &+ 1)
        guard batches.count >= steps else { throw P06Error.badInput("only \(batches.count) batches for \(steps) steps") }

        let recording = TwinRecording(settings: settings, batches: batches.prefix(steps).map { $0.map { pairs[$0] } })
        let (tensors, losses) = try recording.run()
        let metadata = [
            "settings": String(decoding: try JSONEncoder().encode(settings), as: UTF8.self),
            "losses": losses.map { String($0) }.joined(separator: ","),
        ]
        let url = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try SafeTensors.write(tensors, metadata: metadata, to: url)
        for (i, loss) in losses.enumerated() { print(String(format: "step %2d  loss %.6f", i + 1, loss)) }
        print("wrote \(url.path); compare with: python3 scripts/twins/P06.py \(url.path)")
    }
}

/// The recorded steps: the same optimizer, schedule and loss as `train`, without dropout.
struct TwinRecording {
    let settings: TrainingSettings
    let batches: [[EncodedPair]]

    /// The tensors to write (initial weights, positions, batches) and the loss of each step.
    func run() throws -> (tensors: [String: Tensor], losses: [Double]) {
        let s = settings
        Random.seed(s.seed)
        let model = TransformerTranslator(s.model)
        var tensors = model.stateDict().reduce(into: [String: Tensor]()) { $0["model." + $1.key] = $1.value.detach().clone() }
        tensors["positions"] = sinusoidalPositionalEncoding(length: s.model.maxLength, dim: s.model.dModel)
        let optimizer = Adam(model.parameters(), lr: s.peakLR, betas: (0.9, 0.98), eps: 1e-9)
        let schedule = try Training.warmupSchedule(optimizer, warmup: s.warmup)
        model.train()
        var losses: [Double] = []
        for (i, batch) in batches.enumerated() {
            tensors["step.\(i).source"] = padBatch(batch.map(\.source), padId: Specials.pad).ids
            tensors["step.\(i).target_in"] = padBatch(batch.map(\.targetIn), padId: Specials.pad).ids
            tensors["step.\(i).target_out"] = padBatch(batch.map(\.targetOut), padId: Specials.pad).ids
            optimizer.zeroGrad()
            let (loss, _) = Training.loss(model, batch, smoothing: s.labelSmoothing)
            losses.append(loss.item)
            loss.backward()
            optimizer.step()
            schedule.step()
        }
        return (tensors, losses)
    }
}
