import DeepLearning
import FileIO
import Foundation

// Training YOLO11 from scratch on the generated set: AdamW (what ultralytics' "auto"
// optimizer picks for short runs: lr 0.002·5/(4 + classes), momentum 0.9), a linear
// warm-up then a cosine decay, horizontal flips and brightness/saturation jitter, one
// checkpoint per epoch that `--resume` continues from.

struct TrainingSettings: Codable, Equatable {
    var scale = "n"
    var size = 320
    var epochs = 30
    var batch = 16
    var lr: Double? = nil
    var weightDecay = 5e-4
    var warmupSteps = 300
    var seed: UInt64 = 1
    /// Train on the first N training images only (quick runs).
    var maxTrain: Int? = nil

    var modelScale: YOLOScale { YOLOScale(rawValue: scale) ?? .n }
    func learningRate(classes: Int) -> Double { lr ?? (0.002 * 5 / Double(4 + classes) * 1e6).rounded() / 1e6 }
}

/// Loads one image as [3, H, W] in [0, 1].
func loadImage(_ url: URL) throws -> Tensor {
    guard let bytes = FileManager.default.contents(atPath: url.path) else { throw P02Error.missing(url.path, fix: "swift run P02 prepare") }
    return try ImageDecoding.decode([UInt8](bytes), path: url.path).converted(channels: 3).tensor()
}

/// A training batch: images [B, 3, S, S] and their boxes in input pixels, augmented.
func trainingBatch(_ items: [LabelledImage], size: Int, using rng: inout Generator) throws -> (Tensor, [GroundTruthBoxes]) {
    var images: [Tensor] = [], truths: [GroundTruthBoxes] = []
    for item in items {
        let letterbox = Letterbox(width: item.width, height: item.height, size: size)
        var image = letterbox.apply(try loadImage(item.path))
        var truth = item.truth
        truth.boxes = truth.boxes.map(letterbox.forward)
        if rng.uniform() < 0.5 {
            image = horizontalFlip(image)
            truth.boxes = truth.boxes.map { Box(x1: Double(size) - $0.x2, y1: $0.y1, x2: Double(size) - $0.x1, y2: $0.y2) }
        }
        image = adjustSaturation(adjustBrightness(image, 0.6 + 0.8 * rng.uniform()), 0.3 + 1.4 * rng.uniform()).clamp(min: 0, max: 1)
        images.append(image)
        truths.append(truth)
    }
    return (stack(images, axis: 0), truths)
}

struct TrainingRun {
    let settings: TrainingSettings
    let folder: URL
    var log: (String) -> Void = { print($0) }

    var modelURL: URL { folder.appendingPathComponent("model.safetensors") }

    /// A fresh model for these settings.
    func makeModel() -> YOLO11 {
        YOLO11(scale: settings.modelScale, classes: ShapesDataset.classNames.count)
    }

    @discardableResult
    func run(train: [LabelledImage], resume: Bool) throws -> YOLO11 {
        let s = settings
        guard !train.isEmpty else { throw P02Error.badInput("the training split is empty") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        Random.seed(s.seed)
        let model = makeModel()
        let optimizer = AdamW(model.parameters().filter(\.requiresGrad), lr: s.learningRate(classes: model.classes), weightDecay: s.weightDecay)
        let settingsJSON = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
        var first = 1
        if resume, case let last = Checkpoint.lastEpoch(in: folder), last > 0 {
            let url = Checkpoint.epochFile(last, in: folder)
            let loaded = try Checkpoint.load(from: url, model: model, optimizer: optimizer)
            var saved = loaded.metadata["settings"].flatMap { try? JSONDecoder().decode(TrainingSettings.self, from: Data($0.utf8)) }
            saved?.epochs = s.epochs
            guard saved == s else { throw P02Error.badInput("\(url.path) was written with other settings; use another --out or the same options") }
            first = last + 1
            log("resuming after epoch \(last)")
        }
        let loss = DetectionLoss(model: model, imageSize: s.size)
        let stepsPerEpoch = (train.count + s.batch - 1) / s.batch
        let totalSteps = stepsPerEpoch * s.epochs
        let baseLR = s.learningRate(classes: model.classes)
        let warmup = Swift.min(s.warmupSteps, totalSteps / 5)  // short runs warm up for a fifth of their steps
        log("YOLO11\(s.scale): \(model.parameterCount) parameters; \(train.count) training images at \(s.size) px, batch \(s.batch), lr \(baseLR)")
        for epoch in first...max(first, s.epochs) where epoch <= s.epochs {
            let start = Date()
            var rng = Generator(seed: s.seed &* 1_000_003 &+ UInt64(epoch))
            let order = (0..<train.count).shuffled(using: &rng)
            model.train()
            let bar = ProgressBar(total: stepsPerEpoch, label: "epoch \(epoch)/\(s.epochs)")
            var mean = LossParts(), seen = 0.0
            for step in 0..<stepsPerEpoch {
                let global = (epoch - 1) * stepsPerEpoch + step
                optimizer.lr = baseLR * learningRateFactor(step: global, total: totalSteps, warmup: warmup)
                let items = order[(step * s.batch)..<Swift.min(train.count, (step + 1) * s.batch)].map { train[$0] }
                let (images, truths) = try trainingBatch(items, size: s.size, using: &rng)
                let (value, parts) = loss(model(images), truths: truths)
                optimizer.zeroGrad()
                value.backward()
                _ = clipGradNorm(optimizer.parameters, maxNorm: 10)
                optimizer.step()
                seen += 1
                mean.box += (parts.box - mean.box) / seen
                mean.cls += (parts.cls - mean.cls) / seen
                mean.dfl += (parts.dfl - mean.dfl) / seen
                bar.update(step + 1, values: [("box", mean.box), ("cls", mean.cls), ("dfl", mean.dfl)])
            }
            bar.finish(values: [("box", mean.box), ("cls", mean.cls), ("dfl", mean.dfl)])
            try Checkpoint.save(
                model: model, optimizer: optimizer, metadata: ["epoch": "\(epoch)", "settings": settingsJSON],
                to: Checkpoint.epochFile(epoch, in: folder))
            let line = String(
                format: "{\"epoch\": %d, \"box\": %.4f, \"cls\": %.4f, \"dfl\": %.4f, \"seconds\": %.1f}",
                epoch, mean.box, mean.cls, mean.dfl, Date().timeIntervalSince(start))
            log(line)
            try AtomicFile.appendLine(line, to: folder.appendingPathComponent("history.jsonl"))
        }
        try Checkpoint.save(model: model, metadata: ["settings": settingsJSON], to: modelURL)
        return model
    }
}

/// Linear warm-up from 0 over `warmup` steps, then a cosine decay to 1% of the rate.
func learningRateFactor(step: Int, total: Int, warmup: Int) -> Double {
    if step < warmup { return Double(step + 1) / Double(warmup) }
    let t = Double(step - warmup) / Double(Swift.max(1, total - warmup))
    return 0.01 + 0.99 * 0.5 * (1 + cos(.pi * Swift.min(1, t)))
}

/// A trained model and the settings it was trained with, from `model.safetensors` or an epoch checkpoint.
func loadTrainedModel(_ url: URL) throws -> (YOLO11, TrainingSettings) {
    guard FileManager.default.fileExists(atPath: url.path) else { throw P02Error.missing(url.path, fix: "swift run P02 train") }
    let (tensors, metadata) = try SafeTensors.readWithMetadata(from: url)
    guard let json = metadata["settings"], let settings = try? JSONDecoder().decode(TrainingSettings.self, from: Data(json.utf8)) else {
        throw P02Error.badInput("\(url.path) is not a P02 checkpoint (no training settings in its metadata)")
    }
    let model = YOLO11(scale: settings.modelScale, classes: ShapesDataset.classNames.count)
    let state = Dictionary(uniqueKeysWithValues: tensors.filter { $0.key.hasPrefix("model.") }.map { (String($0.key.dropFirst(6)), $0.value) })
    do { try model.loadStateDict(state) } catch { throw P02Error.badInput("\(url.path) does not fit YOLO11\(settings.scale): \(error)") }
    model.eval()
    return (model, settings)
}
