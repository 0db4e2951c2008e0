import DeepLearning
import FileIO
import Foundation

/// Everything that fixes a training run; saved beside its checkpoints.
struct TrainingSettings: Codable, Equatable {
    var patch = 48
    var batchSize = 2
    var stepsPerEpoch = 40
    var epochs = 8
    var lr = 3e-3
    var seed: UInt64 = 1
    var widths = [8, 16, 32]
    var spacing = 2.0
    /// How often a training patch is shown skull-stripped (`RandomSkullStrip`).
    var skullStripProbability = 0.5

    var roi: [Int] { [patch, patch, patch] }
}

/// The loss MONAI's `DiceCELoss(to_onehot_y=True, softmax=True)` computes: cross-entropy
/// plus soft Dice (background included), both averaged over the batch.
func diceCELoss(_ logits: Tensor, _ labels: Tensor) -> Tensor {
    crossEntropy(logits, labels) + softDiceLoss(logits.softmax(axis: 1), labels: labels)
}

/// Patch training of the U-Net on one preprocessed subject, a checkpoint per epoch.
struct TrainingRun {
    let settings: TrainingSettings
    let folder: URL
    var log: (String) -> Void = { print($0) }

    /// The augmentation: a positive/negative crop, left-right flip, skull stripping, intensity jitter.
    var augmentation: Compose {
        Compose(transforms: [
            RandomCropByPosNegLabel(size: settings.roi), RandomFlip(axis: 0),
            RandomSkullStrip(probability: settings.skullStripProbability), RandomIntensity(),
        ])
    }

    @discardableResult
    func run(on subject: Subject, resume: Bool) throws -> UNet3D {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let settingsFile = folder.appendingPathComponent("settings.json")
        Random.seed(settings.seed)
        let model = UNet3D(classes: 2, widths: settings.widths)
        let optimizer = Adam(model.parameters(), lr: settings.lr)
        var firstEpoch = 0
        if resume, Checkpoint.lastEpoch(in: folder) > 0 {
            let saved = try JSONDecoder().decode(TrainingSettings.self, from: Data(contentsOf: settingsFile))
            guard saved == settings else { throw P05Error.badInput("\(folder.path) holds a run with other settings: \(saved)") }
            let last = Checkpoint.lastEpoch(in: folder)
            try Checkpoint.load(from: Checkpoint.epochFile(last, in: folder), model: model, optimizer: optimizer)
            firstEpoch = last
            log("resumed after epoch \(last)")
        } else {
            try AtomicFile.write(Data(JSONEncoder().encode(settings)), to: settingsFile)
        }
        guard firstEpoch < settings.epochs else { return model }
        let augment = augmentation
        for epoch in firstEpoch..<settings.epochs {
            // One generator per epoch: a resumed run draws the same patches as an unbroken one.
            var generator = Generator(seed: settings.seed &* 1_000_003 &+ UInt64(epoch))
            let bar = ProgressBar(total: settings.stepsPerEpoch, label: "epoch \(epoch + 1)/\(settings.epochs)")
            var total = 0.0
            let start = Date()
            for step in 0..<settings.stepsPerEpoch {
                let samples = try (0..<settings.batchSize).map { _ in
                    try augment(Sample(image: subject.image, label: subject.label), &generator)
                }
                let (images, labels) = batch(samples)
                let loss = diceCELoss(model(images), labels)
                optimizer.zeroGrad()
                loss.backward()
                optimizer.step()
                total += Double(loss.item)
                bar.update(step + 1, values: [("loss", total / Double(step + 1))])
            }
            bar.finish(values: [("loss", total / Double(settings.stepsPerEpoch))])
            let progress = TrainingProgress(epoch: epoch + 1, step: (epoch + 1) * settings.stepsPerEpoch, shuffleSeed: settings.seed)
            try Checkpoint.save(model: model, optimizer: optimizer, progress: progress, to: Checkpoint.epochFile(epoch + 1, in: folder))
            log(String(format: "epoch %d: loss %.4f, %.0f s", epoch + 1, total / Double(settings.stepsPerEpoch), Date().timeIntervalSince(start)))
        }
        return model
    }

    /// Image patches [N, 1, D, H, W] and integer labels [N, D, H, W].
    func batch(_ samples: [Sample]) -> (Tensor, Tensor) {
        let size = samples[0].image.shape
        let spatial = [size[2], size[1], size[0]]
        let images = Tensor(samples.flatMap { $0.image.data }, shape: [samples.count, 1] + spatial)
        let labels = Tensor(ints: samples.flatMap { $0.label.data.map { Int($0) } }, shape: [samples.count] + spatial)
        return (images, labels)
    }
}

/// Loads the last epoch's weights of a training run folder.
func trainedModel(in folder: URL) throws -> (UNet3D, TrainingSettings) {
    let settingsFile = folder.appendingPathComponent("settings.json")
    let last = Checkpoint.lastEpoch(in: folder)
    guard last > 0, let data = try? Data(contentsOf: settingsFile) else {
        throw P05Error.missing(folder.appendingPathComponent("epoch-N.safetensors").path, fix: "swift run P05 train")
    }
    let settings: TrainingSettings
    do { settings = try JSONDecoder().decode(TrainingSettings.self, from: data) } catch {
        throw P05Error.badInput("\(settingsFile.path): \(error)")
    }
    let model = UNet3D(classes: 2, widths: settings.widths)
    do { try Checkpoint.load(from: Checkpoint.epochFile(last, in: folder), model: model, restoreRandom: false) } catch {
        throw P05Error.badInput("\(Checkpoint.epochFile(last, in: folder).path) is not a checkpoint of this U-Net: \(error)")
    }
    model.eval()
    return (model, settings)
}

/// The brain mask of a preprocessed image: sliding-window softmax, then the argmax class.
func segment(_ image: Volume, model: UNet3D, settings: TrainingSettings, blending: Blending = .gaussian) throws -> Volume {
    let probabilities = try slidingWindowInference(image.tensor, roi: settings.roi, overlap: 0.25, blending: blending) {
        model($0).softmax(axis: 1)
    }
    let mask = probabilities.argmax(axis: 1).scalars.map { Float($0) }
    return Volume(data: mask, shape: image.shape, affine: image.affine)
}
