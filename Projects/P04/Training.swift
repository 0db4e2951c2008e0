import DeepLearning
import FileIO
import Foundation

enum ModelKind: String, Codable, CaseIterable {
    /// DeepLabv3+ with the ImageNet MobileNetV2 backbone.
    case deeplab
    /// The same network from random weights (the pretraining comparison).
    case deeplabScratch = "deeplab-scratch"
    case unet
}

/// Everything that decides a training run's numbers; a resumed run must match it.
struct TrainingSettings: Codable, Equatable {
    var model: ModelKind = .deeplab
    var height = 128, width = 256
    var epochs = 6
    var batchSize = 4
    var lr = 1e-3
    /// The pretrained backbone's learning rate as a fraction of `lr`.
    var backboneScale = 0.1
    var diceWeight = 0.5
    var seed: UInt64 = 1
    var maxTrain: Int?
}

/// Makes the network of `kind`, with the ImageNet backbone loaded for `.deeplab`.
func makeModel(_ kind: ModelKind, weights: URL? = imageNetWeightsURL) throws -> SegmentationModel {
    switch kind {
    case .unet: return UNet()
    case .deeplabScratch: return DeepLabV3Plus()
    case .deeplab:
        let model = DeepLabV3Plus()
        if let weights { try model.backbone.loadImageNet(from: weights) }
        return model
    }
}

/// The poly schedule of DeepLab: lr · (1 − step / total)^power, falling to 0 at the last step.
func polyFactor(step: Int, total: Int, power: Double = 0.9) -> Double {
    ExerciseTwins.called("polyFactor", twinOf: ["P04-E05"])
    return pow(max(0, 1 - Double(step) / Double(max(total, 1))), power)
}

/// One training run: Adam at two rates (backbone, head) under the poly schedule, a
/// checkpoint every epoch, the held-out mIoU logged after each.
struct SegmentationTraining {
    let settings: TrainingSettings
    let folder: URL
    var weights: URL? = imageNetWeightsURL
    var log: (String) -> Void = { print($0) }

    var modelURL: URL { folder.appendingPathComponent("model.safetensors") }

    @discardableResult
    func run(train: [LabelledImage], val: [LabelledImage], resume: Bool) throws -> SegmentationModel {
        let s = settings
        guard !train.isEmpty, !val.isEmpty else { throw P04Error.badInput("empty training or held-out split") }
        guard train.count >= s.batchSize else { throw P04Error.badInput("\(train.count) training images, fewer than one batch of \(s.batchSize)") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        Random.seed(s.seed)
        let model = try makeModel(s.model, weights: weights)
        let pretrained = Set(model.pretrainedParameters.map { ObjectIdentifier($0) })
        let backbone = model.parameters().filter { pretrained.contains(ObjectIdentifier($0)) }
        let head = model.parameters().filter { !pretrained.contains(ObjectIdentifier($0)) }
        var groups: [(optimizer: Optimizer, scale: Double)] = [(Adam(head, lr: s.lr), 1)]
        if !backbone.isEmpty { groups.append((Adam(backbone, lr: s.lr * s.backboneScale), s.backboneScale)) }
        let optimizer = GroupedOptimizer(groups, lr: s.lr)
        let stepsPerEpoch = train.count / s.batchSize
        let totalSteps = stepsPerEpoch * s.epochs

        var first = 1
        let last = Checkpoint.lastEpoch(in: folder)
        if resume, last > 0 {
            let url = Checkpoint.epochFile(last, in: folder)
            let loaded = try Checkpoint.load(from: url, model: model, optimizer: optimizer)
            guard let json = loaded.metadata["settings"], let saved = try? JSONDecoder().decode(TrainingSettings.self, from: Data(json.utf8)),
                saved == s
            else {
                throw P04Error.badInput("\(url.path) was written with other settings; use another --out or the same options")
            }
            first = last + 1
            log("resuming after epoch \(last)")
        }
        log(
            "\(s.model.rawValue): \(model.parameterCount) parameters; \(train.count) training / \(val.count) held-out scenes at \(s.height)×\(s.width); \(totalSteps) steps"
        )
        for epoch in first...max(first, s.epochs) where epoch <= s.epochs {
            let start = Date()
            model.train()
            var generator = Generator(seed: s.seed &+ UInt64(epoch) &* 1_000_003)
            let order = stableShuffle(train.count, using: &generator)
            var total = 0.0
            let progress = ProgressBar(total: stepsPerEpoch, label: "epoch \(epoch)/\(s.epochs)")
            for step in 0..<stepsPerEpoch {
                let indices = Array(order[step * s.batchSize..<(step + 1) * s.batchSize])
                let flips = indices.map { _ in generator.next() % 2 == 1 }
                let (x, y) = batch(train, indices, flips: flips)
                optimizer.lr = s.lr * polyFactor(step: (epoch - 1) * stepsPerEpoch + step, total: totalSteps)
                optimizer.zeroGrad()
                let loss = segmentationLoss(model(x), labels: y, diceWeight: s.diceWeight)
                loss.backward()
                optimizer.step()
                total += loss.item
                progress.update(step + 1, values: [("loss", total / Double(step + 1))])
            }
            progress.finish()
            let matrix = confusion(of: model, on: val, batchSize: s.batchSize)
            try Checkpoint.save(
                model: model, optimizer: optimizer, metadata: ["epoch": "\(epoch)", "settings": try settingsJSON()],
                to: Checkpoint.epochFile(epoch, in: folder))
            try? FileManager.default.removeItem(at: Checkpoint.epochFile(epoch - 2, in: folder))
            let line = String(
                format: "{\"epoch\": %d, \"train_loss\": %.4f, \"heldout_miou\": %.4f, \"heldout_pixel_accuracy\": %.4f, \"seconds\": %.1f}",
                epoch, total / Double(stepsPerEpoch), matrix.meanIoU, matrix.pixelAccuracy, Date().timeIntervalSince(start))
            log(line)
            try AtomicFile.appendLine(line, to: folder.appendingPathComponent("history.jsonl"))
        }
        try model.save(
            to: modelURL,
            metadata: [
                "model": s.model.rawValue, "height": "\(s.height)", "width": "\(s.width)",
                "settings": try settingsJSON(),
            ])
        log("model in \(modelURL.path)")
        return model
    }

    func settingsJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }
}

/// 0..<n in a Fisher–Yates order written out, so it does not depend on the Swift version.
func stableShuffle(_ n: Int, using generator: inout Generator) -> [Int] {
    var order = Array(0..<n)
    for i in Swift.stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
    return order
}
