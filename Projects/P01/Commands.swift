import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// What can go wrong, each with a message and exit code instead of a trap: something that
/// `prepare`, `train` or scripts/fetch-weights.sh should have made, or bad input.
enum P01Error: Error, CustomStringConvertible {
    case missing(String, fix: String)
    case badInput(String)

    static func missingData(_ path: String) -> P01Error { .missing(path, fix: "swift run P01 prepare") }
    static func missingModel(_ path: String) -> P01Error { .missing(path, fix: "swift run P01 train") }

    var description: String {
        switch self {
        case let .missing(path, fix): return "missing \(path) (run `\(fix)`)"
        case let .badInput(m): return "bad input: \(m)"
        }
    }
}

struct P01Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "P01",
        abstract: "Industrial visual inspection of solar cells (工业视觉检测): transfer learning on ELPV electroluminescence images.",
        subcommands: [Tour.self, Prepare.self, Train.self, Eval.self, Predict.self, Export.self],
        defaultSubcommand: Tour.self)
}

/// Where the unpacked ELPV data set lives.
struct DataOptions: ParsableArguments {
    @Option(help: "Data folder (labels.csv, images/). Default: $DEEP_LEARNING_CACHE/P01/elpv")
    var data: String?

    var folder: URL { data.map { URL(fileURLWithPath: $0) } ?? courseCacheFolder.appendingPathComponent("P01/elpv") }

    func cells() throws -> [ELPVCell] {
        let url = folder.appendingPathComponent("labels.csv")
        guard FileManager.default.fileExists(atPath: url.path) else { throw P01Error.missingData(url.path) }
        return try ELPV.parseLabels(String(contentsOf: url, encoding: .utf8), source: url.path)
    }

    /// The images of one split ("train", "valid" or "test") at `size` px.
    func images(_ split: String, size: Int, maxCount: Int? = nil) throws -> CellImages {
        let cells = try cells()
        let s = ELPV.splits(cells, seed: ELPV.splitSeed)
        var indices = split == "train" ? s.train : split == "valid" ? s.valid : s.test
        if let maxCount { indices = Array(indices.prefix(maxCount)) }
        return try CellImages.load(indices.map { cells[$0] }, folder: folder, size: size)
    }
}

struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download the elpv-dataset wheel with pip into the cache and unpack its 2,624 cell images and labels.")

    @OptionGroup var data: DataOptions
    @Flag(help: "Unpack again even when the files exist.") var force = false

    func run() throws {
        print("Data: \(ELPV.licence).")
        let folder = data.folder
        let fm = FileManager.default
        if !force, let cells = try? data.cells(), fm.fileExists(atPath: folder.appendingPathComponent(cells.last!.path).path) {
            print("\(folder.path): \(cells.count) cells already prepared (use --force to unpack again)")
            return printSplit(cells)
        }
        let wheels = courseCacheFolder.appendingPathComponent("wheels")
        try fm.createDirectory(at: wheels, withIntermediateDirectories: true)
        let wheel = wheels.appendingPathComponent("elpv_dataset-1.0.0.post1-py3-none-any.whl")
        if !fm.fileExists(atPath: wheel.path) {
            try runTool(["python3", "-m", "pip", "download", "--no-deps", "--quiet", "--dest", wheels.path, "elpv-dataset==1.0.0.post1"])
        }
        let unpacked = folder.deletingLastPathComponent().appendingPathComponent("wheel")
        try runTool(["python3", "-m", "zipfile", "-e", wheel.path, unpacked.path])
        let inner = unpacked.appendingPathComponent("elpv_dataset/data")
        try? fm.removeItem(at: folder)
        try fm.moveItem(at: inner, to: folder)
        try? fm.removeItem(at: unpacked)
        let cells = try data.cells()
        print("unpacked \(cells.count) cells into \(folder.path)")
        printSplit(cells)
    }

    func printSplit(_ cells: [ELPVCell]) {
        let s = ELPV.splits(cells, seed: ELPV.splitSeed)
        for (name, indices) in [("train", s.train), ("valid", s.valid), ("test", s.test)] {
            let defective = indices.filter { cells[$0].isDefective }.count
            print("\(name): \(indices.count) cells, \(defective) defective (\(String(format: "%.1f", 100 * Double(defective) / Double(indices.count)))%)")
        }
    }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train on the training split; a checkpoint every epoch; the threshold chosen on the validation split.")

    @OptionGroup var data: DataOptions
    @Option(help: "binary (defective or not) or grade (0, 1/3, 2/3, 1).") var task: Task = .binary
    @Option(help: "transfer (ImageNet MobileNetV2), scratch (same network, random weights) or small (plain CNN).") var model: ModelKind = .transfer
    @Option(help: "Epochs in all.") var epochs = 12
    @Option(help: "Transfer: epochs of the head alone before the last blocks unfreeze.") var headEpochs = 4
    @Option(help: "Seed (initial weights, augmentation, batch order).") var seed: UInt64 = 1
    @Option(help: "Output folder. Default: out/P01/<model>-<task>") var out: String?
    @Option(help: "Input size in pixels (the cells are 300×300).") var size = 224
    @Option(help: "Head learning rate (Adam).") var lr = 1e-3
    @Option(help: "Learning-rate factor per block further from the head.") var layerDecay = 0.5
    @Option(help: "Augmented views cached per training image (transfer).") var views = 2
    @Option(help: "Threshold objective on validation: accuracy, balanced or f1.") var objective: ThresholdObjective = .accuracy
    @Flag(help: "Plain cross-entropy instead of class-weighted.") var unweighted = false
    @Option(help: "Train on the first N training cells only (quick runs).") var maxTrain: Int?
    @Flag(help: "Continue from the last epoch checkpoint in --out.") var resume = false

    func run() throws {
        guard epochs > 0, size >= 32, views > 0, headEpochs >= 0, lr > 0 else {
            throw P01Error.badInput("epochs, views and lr must be positive, size at least 32, head-epochs not negative")
        }
        let settings = TrainingSettings(
            task: task, model: model, size: size, epochs: epochs, headEpochs: headEpochs, seed: seed,
            views: views, lr: lr, layerDecay: layerDecay, weightedLoss: !unweighted,
            objective: objective, maxTrain: maxTrain)
        print("Data: \(ELPV.licence).")
        let start = Date()
        let train = try data.images("train", size: size, maxCount: maxTrain)
        let valid = try data.images("valid", size: size)
        print(String(format: "loaded %d + %d cells in %.0f s", train.count, valid.count, Date().timeIntervalSince(start)))
        let folder = URL(fileURLWithPath: out ?? "out/P01/\(model.rawValue)-\(task.rawValue)")
        try TrainingRun(settings: settings, folder: folder).run(train: train, valid: valid, resume: resume)
        print(String(format: "trained in %.0f s", Date().timeIntervalSince(start)))
    }
}

extension Task: ExpressibleByArgument {}
extension ModelKind: ExpressibleByArgument {}
extension ThresholdObjective: ExpressibleByArgument {}
