import ArgumentParser
import DeepLearning
import Foundation

/// `swift run P01`: the pipeline in a few minutes, at a reduced size, with its figures in out/P01/tour.
struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A short guided tour: data, augmentation, staged transfer learning, metrics, Grad-CAM.")

    @OptionGroup var data: DataOptions
    @Option(help: "Output folder.") var out = "out/P01/tour"

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        print("1. Data. \(ELPV.licence).")
        let cells = try data.cells()
        print("   \(cells.count) electroluminescence images of solar cells, 300×300 grey; the experts' defect probability per cell:")
        for grade in 0..<4 {
            let n = cells.filter { $0.grade == grade }.count
            print("   p = \(["0", "1/3", "2/3", "1"][grade]): \(n) cells")
        }
        let size = 112
        let train = try data.images("train", size: size, maxCount: 400)
        let valid = try data.images("valid", size: size)
        let byGrade = (0..<4).flatMap { g in Array(train.cells.indices.filter { train.cells[$0].grade == g }.prefix(4)) }
        try ImageGrid(
            train.batch(byGrade), columns: 4, labels: byGrade.map { "p=\(["0", "1/3", "2/3", "1"][train.cells[$0].grade])" }, scale: 1,
            normalization: .none, title: "ELPV cells by defect probability"
        ).write(to: folder.appendingPathComponent("samples.png"))
        print("   figure: \(folder.path)/samples.png")

        print("2. Augmentation that fits EL physics: the eight flips and quarter turns, small exposure changes.")
        let cell = train.pixels[byGrade.last!]
        var generator = Generator(seed: 1)
        let views = [cell] + (1..<8).map { _ in Augmentation.random(cell, size: size, using: &generator) }
        try ImageGrid(
            Tensor(views.flatMap { $0 }, shape: [8, 1, size, size]), columns: 4, scale: 1, normalization: .none,
            title: "eight augmented views of one cell"
        ).write(to: folder.appendingPathComponent("augmentation.png"))

        print("3. Transfer learning from ImageNet MobileNetV2 (grey stem), at \(size) px on 400 training cells:")
        print("   the frozen prefix runs once per view; the head trains on pooled features, then the last blocks fine-tune.")
        let settings = TrainingSettings(size: size, epochs: 5, headEpochs: 3, seed: 1, views: 2)
        let trained = try TrainingRun(settings: settings, folder: folder.appendingPathComponent("model")).run(train: train, valid: valid, resume: false)

        print("4. Metrics on the validation split (the test split is kept for `eval`):")
        let scores = defectScores(trained.probabilities(of: valid.pixels), task: .binary)
        let m = BinaryMetrics(scores: scores, labels: valid.labels(Array(0..<valid.count), task: .binary), threshold: trained.threshold)
        print(
            String(
                format: "   accuracy %.1f%%, balanced %.1f%%, defective F1 %.3f, ROC AUC %.3f; confusion %@",
                100 * m.accuracy, 100 * m.balancedAccuracy, m.f1, m.auc, "\(m.confusion)"))

        print("5. Where the network looks: Grad-CAM over true positives, false positives and misses.")
        try writeGradCAMFigure(trained, test: valid, scores: scores, threshold: trained.threshold, to: folder.appendingPathComponent("gradcam.png"))
        print("   figures in \(folder.path). The full run: `swift run -c release P01 train`, then `P01 eval`.")
    }
}
