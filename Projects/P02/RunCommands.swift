import ArgumentParser
import DeepLearning
import FileIO
import Foundation

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train YOLO11 from scratch on the generated set; a checkpoint every epoch, --resume continues.")

    @OptionGroup var data: DataOptions
    @Option(help: "Model scale: n, s, m, l or x.") var scale = "n"
    @Option(help: "Input size (multiple of 32).") var size = 320
    @Option(help: "Epochs in all.") var epochs = 30
    @Option(help: "Images per batch.") var batch = 16
    @Option(help: "Learning rate (AdamW). Default: ultralytics' auto rate, 0.002·5/(4 + classes).") var lr: Double?
    @Option(help: "Seed (initial weights, augmentation, batch order).") var seed: UInt64 = 1
    @Option(help: "Train on the first N training images only (quick runs).") var maxTrain: Int?
    @Option(help: "Output folder.") var out = "out/P02/yolo11n"
    @Flag(help: "Continue from the last epoch checkpoint in --out.") var resume = false

    func run() throws {
        guard YOLOScale(rawValue: scale) != nil else { throw P02Error.badInput("--scale must be one of n, s, m, l, x; got \(scale)") }
        guard epochs > 0, batch > 1, size >= 64, size % 32 == 0, lr.map({ $0 > 0 }) ?? true, maxTrain.map({ $0 > 0 }) ?? true else {
            throw P02Error.badInput("epochs positive, batch at least 2, size a multiple of 32 (at least 64), lr and max-train positive")
        }
        var train = try data.set.split("train")
        if let maxTrain { train = Array(train.prefix(maxTrain)) }
        let settings = TrainingSettings(scale: scale, size: size, epochs: epochs, batch: batch, lr: lr, seed: seed, maxTrain: maxTrain)
        let start = Date()
        try TrainingRun(settings: settings, folder: URL(fileURLWithPath: out)).run(train: train, resume: resume)
        print(String(format: "trained in %.0f s", Date().timeIntervalSince(start)))
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "mAP@0.5 and mAP@0.5:0.95 (COCO's evaluation) of a trained model on a split or on your own labelled images.")

    @OptionGroup var data: DataOptions
    @Option(help: "Model file.") var model = "out/P02/yolo11n/model.safetensors"
    @Option(help: "Split of the generated set: train, val or test.") var split = "test"
    @Option(help: "COCO JSON ground truth instead of a split (images next to it or under --images).") var coco: String?
    @Option(help: "Folder of the images a COCO file names (default: the file's folder).") var images: String?
    @Option(help: "Write detections as COCO results JSON here.") var results: String?

    func run() throws {
        let (network, settings) = try loadTrainedModel(URL(fileURLWithPath: model))
        let items: [LabelledImage]
        if let coco {
            let url = URL(fileURLWithPath: coco)
            let dataset = try COCOFiles.read(url)
            let folder = images.map { URL(fileURLWithPath: $0) } ?? url.deletingLastPathComponent()
            let truths = COCOFiles.groundTruths(dataset)
            items = dataset.images.enumerated().map { i, image in
                let own = truths.filter { $0.image == i }
                return LabelledImage(
                    path: folder.appendingPathComponent(image.file_name), width: image.width, height: image.height,
                    truth: GroundTruthBoxes(labels: own.map(\.label), boxes: own.map(\.box)))
            }
        } else {
            guard ["train", "val", "test"].contains(split) else { throw P02Error.badInput("--split must be train, val or test; got \(split)") }
            items = try data.set.split(split)
        }
        guard !items.isEmpty else { throw P02Error.badInput("no images to evaluate") }
        let start = Date()
        let detections = try detectAll(network, items: items, size: settings.size)
        let seconds = Date().timeIntervalSince(start)
        let coco = cocoEvaluate(detections: detections, groundTruths: groundTruths(items))
        print(String(format: "%d images, %d boxes, %.1f s (%.1f images/s)", items.count, groundTruths(items).count, seconds, Double(items.count) / seconds))
        print(String(format: "mAP@0.5      %.4f", coco.ap50))
        print(String(format: "mAP@0.5:0.95 %.4f", coco.mAP))
        for (label, name) in ShapesDataset.classNames.enumerated() where coco.ap.first?[label] != nil {
            print(String(format: "  %-9@ AP@0.5 %.4f  AP@0.5:0.95 %.4f", name, coco.ap[0][label] ?? .nan, coco.classAP(label)))
        }
        if let results {
            let rows = detections.map { d in
                COCOFiles.Result(image_id: d.image + 1, category_id: d.label, bbox: d.box.values(.xywh), score: d.score)
            }
            try COCOFiles.write(rows, to: URL(fileURLWithPath: results))
            print("detections written to \(results)")
        }
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Detect objects in your own PNG or JPEG images: a picture with the boxes and a JSON file for each.")

    @Argument(help: "Image files.") var files: [String]
    @Option(help: "Model file.") var model = "out/P02/yolo11n/model.safetensors"
    @Option(help: "Confidence threshold.") var confidence = 0.25
    @Option(help: "Output folder.") var out = "out/P02/predict"

    func run() throws {
        guard !files.isEmpty else { throw P02Error.badInput("give at least one image") }
        guard confidence >= 0 && confidence < 1 else { throw P02Error.badInput("--confidence must be in [0, 1)") }
        let (network, settings) = try loadTrainedModel(URL(fileURLWithPath: model))
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files {
            let image: Tensor
            do { image = try loadImage(URL(fileURLWithPath: file)) } catch { throw P02Error.badInput("\(file): \(error)") }
            let start = Date()
            let boxes = detect(network, images: [image], size: settings.size, options: PostprocessOptions(confidence: confidence))[0]
            let milliseconds = Date().timeIntervalSince(start) * 1000
            var canvas = Canvas(image: image)
            for b in boxes {
                canvas.drawBox(b.box, label: String(format: "%@ %.2f", ShapesDataset.classNames[b.label], b.score), color: .series(b.label))
            }
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            try canvas.write(to: folder.appendingPathComponent("\(stem).png"))
            let json = boxes.map { ["class": ShapesDataset.classNames[$0.label], "score": $0.score, "box_xyxy": $0.box.values()] as [String: Any] }
            let data = try JSONSerialization.data(withJSONObject: ["image": file, "detections": json], options: [.prettyPrinted, .sortedKeys])
            try AtomicFile.write(data, to: folder.appendingPathComponent("\(stem).json"))
            print(String(format: "%@: %d objects in %.0f ms -> %@/%@.png, .json", file, boxes.count, milliseconds, out, stem))
        }
    }
}
