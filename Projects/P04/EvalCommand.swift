import ArgumentParser
import DeepLearning
import FileIO
import Foundation

struct ModelOptions: ParsableArguments {
    @Option(help: "A model written by `train`. Default: out/P04/deeplab/model.safetensors") var modelPath = "out/P04/deeplab/model.safetensors"
    func load() throws -> TrainedModel { try TrainedModel.load(URL(fileURLWithPath: modelPath)) }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "mIoU, per-class IoU and pixel accuracy on the held-out split (one confusion matrix over the split), and a figure.")

    @OptionGroup var data: DataOptions
    @OptionGroup var trained: ModelOptions
    @Flag(help: "Average with the mirrored image's scores (test-time augmentation).") var flip = false
    @Option(help: "Evaluate the first N held-out scenes only.") var limit: Int?
    @Option(help: "Output folder for results.json and predictions.png. Default: beside the model") var out: String?

    func run() throws {
        let t = try trained.load()
        let images = try data.split(data.heldOut).loadAll(height: t.height, width: t.width, limit: limit)
        let start = Date()
        let matrix = confusion(of: t.model, on: images, batchSize: 4, flip: flip)
        let seconds = Date().timeIntervalSince(start)
        print(resultTable(matrix))
        print(String(format: "%d scenes at %d×%d%@ in %.0f s", images.count, t.height, t.width, flip ? " with flip TTA" : "", seconds))
        let folder = URL(fileURLWithPath: out ?? URL(fileURLWithPath: trained.modelPath).deletingLastPathComponent().path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var results: [String: Any] = [
            "model": t.kind.rawValue, "scenes": images.count, "height": t.height, "width": t.width, "flip": flip,
            "miou": matrix.meanIoU, "pixel_accuracy": matrix.pixelAccuracy,
        ]
        results["iou"] = Dictionary(
            uniqueKeysWithValues: matrix.iou.enumerated().filter { !$0.element.isNaN }.map { (Cityscapes.classes[$0.offset].name, $0.element) })
        try AtomicFile.write(
            JSONSerialization.data(withJSONObject: results, options: [.sortedKeys, .prettyPrinted]), to: folder.appendingPathComponent("results.json"))
        try writePredictionFigure(t, images: Array(images.prefix(6)), to: folder.appendingPathComponent("predictions.png"))
        print("wrote \(folder.path)/results.json and predictions.png")
    }
}

/// The metric table: IoU per class that occurs (NaN classes are left out of the mean), mIoU, pixel accuracy.
func resultTable(_ m: ConfusionMatrix) -> String {
    var lines = ["class            IoU"]
    for (c, iou) in m.iou.enumerated() where !iou.isNaN {
        lines.append(Cityscapes.classes[c].name.padding(toLength: 15, withPad: " ", startingAt: 0) + String(format: "  %.4f", iou))
    }
    lines.append(String(format: "mIoU             %.4f  (%d classes)", m.meanIoU, m.iou.filter { !$0.isNaN }.count))
    lines.append(String(format: "pixel accuracy   %.4f", m.pixelAccuracy))
    return lines.joined(separator: "\n")
}

/// Rows of (image, ground truth, prediction) in the Cityscapes palette.
func writePredictionFigure(_ t: TrainedModel, images: [LabelledImage], to url: URL) throws {
    let (x, _) = batch(images, Array(images.indices))
    let predicted = argmaxClasses(predictScores(t.model, x))
    let plane = t.height * t.width
    var tiles: [Tensor] = []
    for (i, image) in images.enumerated() {
        tiles.append(rgbTensor(image.rgb, height: t.height, width: t.width))
        tiles.append(paletteTensor(image.trainIds.map(Int.init), height: t.height, width: t.width))
        tiles.append(paletteTensor(Array(predicted[i * plane..<(i + 1) * plane]), height: t.height, width: t.width))
    }
    try ImageGrid(
        stack(tiles), columns: 3, scale: 1, normalization: .none,
        title: "\(t.kind.rawValue): image, ground truth, prediction"
    ).write(to: url)
}

/// Interleaved RGB bytes as [3, H, W] in [0, 1].
func rgbTensor(_ rgb: [UInt8], height: Int, width: Int) -> Tensor {
    PNGImage(width: width, height: height, channels: 3, pixels: rgb).tensor()
}

/// Train ids coloured with the Cityscapes palette, [3, H, W].
func paletteTensor(_ ids: [Int], height: Int, width: Int) -> Tensor {
    rgbTensor(paletteBytes(ids), height: height, width: width)
}

func paletteBytes(_ ids: [Int]) -> [UInt8] {
    ids.flatMap { id -> [UInt8] in
        let c = Cityscapes.color(ofTrainId: id); return [c.0, c.1, c.2]
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Segment your own street photos (PNG or JPEG): a colour overlay and a JSON of class fractions per image.")

    @OptionGroup var trained: ModelOptions
    @Argument(help: "Image files.") var inputs: [String]
    @Flag(help: "Average with the mirrored image's scores.") var flip = false
    @Option(help: "Output folder.") var out = "out/P04/predictions"

    func run() throws {
        let t = try trained.load()
        guard !inputs.isEmpty else { throw P04Error.badInput("no input images") }
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var report: [[String: Any]] = []
        for file in inputs {
            guard let bytes = FileManager.default.contents(atPath: file) else { throw P04Error.badInput("cannot read \(file)") }
            let decoded = try ImageDecoding.decode([UInt8](bytes), path: file).converted(channels: 3)
            let rgb = Resize.area(decoded.pixels, width: decoded.width, height: decoded.height, channels: 3, toWidth: t.width, toHeight: t.height)
            let image = LabelledImage(width: t.width, height: t.height, rgb: rgb, trainIds: [UInt8](repeating: 0, count: t.width * t.height))
            let ids = argmaxClasses(predictScores(t.model, batch([image], [0]).images, flip: flip))
            let colours = paletteBytes(ids)
            let overlay = zip(rgb, colours).map { UInt8((Int($0) + Int($1)) / 2) }
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            try PNGImage(width: t.width, height: t.height, channels: 3, pixels: overlay).write(to: folder.appendingPathComponent(name + "-overlay.png"))
            var fractions: [String: Double] = [:]
            for id in ids { fractions[Cityscapes.classes[id].name, default: 0] += 1 / Double(ids.count) }
            report.append(["file": file, "overlay": name + "-overlay.png", "class_fractions": fractions])
            print(
                "\(file): "
                    + fractions.sorted { $0.value > $1.value }.prefix(4).map { String(format: "%@ %.0f%%", $0.key, 100 * $0.value) }.joined(separator: ", "))
        }
        try AtomicFile.write(
            JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted]), to: folder.appendingPathComponent("predictions.json"))
        print("wrote \(folder.path)")
    }
}

struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parameters, multiply-accumulates and milliseconds per image of each model.")

    @Option(help: "Input height (width is twice it).") var height = 256
    @Option(help: "Timed forward passes per model.") var repeats = 3

    func run() throws {
        guard height >= 32, height % 16 == 0, repeats > 0 else { throw P04Error.badInput("height a multiple of 16 (at least 32), repeats positive") }
        print("model            parameters       GMACs   ms/image  (batch 1, \(height)×\(2 * height), \(ProcessInfo.processInfo.activeProcessorCount) cores)")
        for kind in [ModelKind.unet, .deeplab] {
            let model = try makeModel(kind, weights: nil)
            model.eval()
            let x = Tensor.randn([1, 3, height, 2 * height])
            let macs = noGrad { ModelCost(of: model, input: x).macs }
            _ = noGrad { model(x) }
            let start = Date()
            for _ in 0..<repeats { _ = noGrad { model(x) } }
            let ms = 1000 * Date().timeIntervalSince(start) / Double(repeats)
            print(
                kind.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + String(format: "  %10d  %10.2f  %9.0f", model.parameterCount, Double(macs) / 1e9, ms))
        }
    }
}
