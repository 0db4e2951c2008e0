import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// Options shared by `eval` and `predict`: which trained model.
struct ModelOptions: ParsableArguments {
    @Option(help: "A model written by `train`. Default: out/P01/transfer-binary/model.safetensors")
    var model = "out/P01/transfer-binary/model.safetensors"

    func load() throws -> TrainedModel { try TrainedModel.load(from: URL(fileURLWithPath: model)) }
    var folder: URL { URL(fileURLWithPath: model).deletingLastPathComponent() }
}

/// Probabilities averaged over the eight flips and quarter turns of each image (test-time augmentation).
func dihedralAverage(_ trained: TrainedModel, _ images: [[Float]]) -> [[Double]] {
    let size = trained.settings.size
    var sum = trained.probabilities(of: images)
    for k in 1..<8 {
        let p = trained.probabilities(of: images.map { Augmentation.dihedral($0, size: size, k) })
        for i in sum.indices { for c in sum[i].indices { sum[i][c] += p[i][c] } }
    }
    return sum.map { $0.map { $0 / 8 } }
}

/// The defect probability of each cell: P(defective) for the binary task, P(⅔) + P(1) for the grade.
func defectScores(_ probabilities: [[Double]], task: Task) -> [Double] {
    probabilities.map { task == .binary ? $0[1] : $0[2] + $0[3] }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Metrics on the held-out test split (25%), the confusion matrix and Grad-CAM figures.")

    @OptionGroup var data: DataOptions
    @OptionGroup var trained: ModelOptions
    @Flag(help: "Average the predictions over the eight flips and quarter turns.") var tta = false

    func run() throws {
        print("Data: \(ELPV.licence).")
        let model = try trained.load()
        let s = model.settings
        let test = try data.images("test", size: s.size)
        let start = Date()
        let probabilities = tta ? dihedralAverage(model, test.pixels) : model.probabilities(of: test.pixels)
        let seconds = Date().timeIntervalSince(start)
        let folder = trained.folder
        var report: [String: Any] = ["cells": test.count, "seconds": seconds, "tta": tta]
        let binaryLabels = test.labels(Array(0..<test.count), task: .binary)
        let scores = defectScores(probabilities, task: s.task)
        let binary = BinaryMetrics(scores: scores, labels: binaryLabels, threshold: s.task == .binary ? model.threshold : 0.5)
        print(
            String(
                format:
                    "test (%d cells, threshold %.3f from validation): accuracy %.2f%%, balanced accuracy %.2f%%, defective precision %.3f recall %.3f F1 %.3f, ROC AUC %.4f",
                test.count, binary.threshold, 100 * binary.accuracy, 100 * binary.balancedAccuracy, binary.precision, binary.recall, binary.f1, binary.auc))
        print("confusion [[TN, FP], [FN, TP]]: \(binary.confusion)")
        report["binary"] = try jsonObject(binary)
        var matrix = binary.confusion
        var names = ["functional", "defective"]
        if s.task == .grade {
            let predictions = probabilities.map { row in row.indices.max { row[$0] < row[$1] }! }
            let grade = GradeMetrics(predictions: predictions, labels: test.labels(Array(0..<test.count), task: .grade), classes: 4)
            print(String(format: "4-level grade accuracy %.2f%%; confusion (rows truth 0, 1/3, 2/3, 1): %@", 100 * grade.accuracy, "\(grade.confusion)"))
            report["grade"] = try jsonObject(grade)
            (matrix, names) = (grade.confusion, ["0", "1/3", "2/3", "1"])
        }
        try Heatmap(
            matrix.map { $0.map(Double.init) }, rowLabels: names, columnLabels: names, title: "P01 test confusion (\(s.task.rawValue))",
            xLabel: "predicted", yLabel: "true"
        ).write(to: folder.appendingPathComponent("confusion.png"))
        try writeGradCAMFigure(model, test: test, scores: scores, threshold: binary.threshold, to: folder.appendingPathComponent("gradcam.png"))
        let json = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(json, to: folder.appendingPathComponent(tta ? "metrics-tta.json" : "metrics.json"))
        print("wrote metrics, confusion.png and gradcam.png in \(folder.path)")
    }
}

func jsonObject<T: Encodable>(_ value: T) throws -> Any { try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) }

/// Grad-CAM over the most confident true positives, false positives and misses (four each).
func writeGradCAMFigure(_ model: TrainedModel, test: CellImages, scores: [Double], threshold: Double, to url: URL) throws {
    let labels = test.labels(Array(0..<test.count), task: .binary)
    func pick(_ keep: (Int) -> Bool, by key: (Int) -> Double) -> [Int] {
        Array(test.cells.indices.filter(keep).sorted { key($0) > key($1) }.prefix(4))
    }
    let groups = [
        ("TP", pick({ labels[$0] == 1 && scores[$0] >= threshold }, by: { scores[$0] })),
        ("FP", pick({ labels[$0] == 0 && scores[$0] >= threshold }, by: { scores[$0] })),
        ("miss", pick({ labels[$0] == 1 && scores[$0] < threshold }, by: { -scores[$0] })),
    ]
    let chosen = groups.flatMap { g in g.1.map { (g.0, $0) } }
    guard !chosen.isEmpty else { return }
    let target = model.settings.task == .binary ? 1 : 3
    let x = Tensor(chosen.flatMap { GreyInput.normalized(test.pixels[$0.1]) }, shape: [chosen.count, 1, test.size, test.size])
    let cam = try GradCAM.maps(model.model, images: x, target: target)
    let tiles = chosen.indices.map {
        GradCAM.overlay(cell: test.pixels[chosen[$0].1], size: test.size, map: cam.maps[$0], height: cam.height, width: cam.width)
    }
    let captions = chosen.map { String(format: "%@ %.2f", $0.0, scores[$0.1]) }
    try ImageGrid(
        stack(tiles), columns: 4, labels: captions, scale: 1, normalization: .none,
        title: "Grad-CAM: true positives, false positives, misses"
    ).write(to: url)
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verdicts for your own cell images (PNG files or folders): a CSV and a Grad-CAM heat map per image.")

    @OptionGroup var trained: ModelOptions
    @Argument(help: "PNG files or folders of them.") var inputs: [String]
    @Option(help: "Output folder.") var out = "out/P01/predictions"

    func run() throws {
        let model = try trained.load()
        let size = model.settings.size
        var files: [String] = []
        for input in inputs {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else { throw P01Error.badInput("\(input) does not exist") }
            if isFolder.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: input).filter { $0.lowercased().hasSuffix(".png") }.sorted()
                files += names.map { URL(fileURLWithPath: input).appendingPathComponent($0).path }
            } else {
                files.append(input)
            }
        }
        guard !files.isEmpty else { throw P01Error.badInput("no PNG images in \(inputs)") }
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var csv = "file,defect_probability,threshold,verdict,heatmap\n"
        for chunk in stride(from: 0, to: files.count, by: 32).map({ Array(files[$0..<min($0 + 32, files.count)]) }) {
            let images = try chunk.map { try ELPV.loadImage($0, size: size) }
            let scores = defectScores(model.probabilities(of: images), task: model.settings.task)
            let x = Tensor(images.flatMap(GreyInput.normalized), shape: [images.count, 1, size, size])
            let cam = try GradCAM.maps(model.model, images: x, target: model.settings.task == .binary ? 1 : 3)
            for (i, file) in chunk.enumerated() {
                let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + "-gradcam.png"
                let overlay = GradCAM.overlay(cell: images[i], size: size, map: cam.maps[i], height: cam.height, width: cam.width)
                try PNGImage(tensor: overlay).write(to: folder.appendingPathComponent(name))
                let verdict = scores[i] >= model.threshold ? "defective" : "functional"
                csv += CSV.line([file, String(format: "%.4f", scores[i]), String(format: "%.4f", model.threshold), verdict, name]) + "\n"
                print("\(file): \(verdict) (\(String(format: "%.3f", scores[i])))")
            }
        }
        try AtomicFile.write(csv, to: folder.appendingPathComponent("predictions.csv"))
        print("wrote \(folder.appendingPathComponent("predictions.csv").path)")
    }
}
