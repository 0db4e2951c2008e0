import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// What can go wrong, each with a message and exit code instead of a trap.
enum P02Error: Error, CustomStringConvertible {
    case missing(String, fix: String)
    case badInput(String)
    case tool(String)

    var description: String {
        switch self {
        case let .missing(path, fix): return "missing \(path) (run `\(fix)`)"
        case let .badInput(m): return "bad input: \(m)"
        case let .tool(m): return m
        }
    }
}

struct P02Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "P02",
        abstract: "Real-time detection with a YOLO11-style detector (基于YOLOv11的视频实时检测系统).",
        subcommands: [Tour.self, Prepare.self, Train.self, Eval.self, Predict.self],
        defaultSubcommand: Tour.self)
}

/// Where the generated data set lives.
struct DataOptions: ParsableArguments {
    @Option(help: "Data folder (images/, labels/, annotations/). Default: $DEEP_LEARNING_CACHE/P02/shapes")
    var data: String?

    var folder: URL { data.map { URL(fileURLWithPath: $0) } ?? courseCacheFolder.appendingPathComponent("P02/shapes") }
    var set: ShapesDataset { ShapesDataset(folder: folder) }
}

struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch scikit-image's photographs (CC0) with pip and generate the detection set on them (YOLO txt + COCO JSON).")

    @OptionGroup var data: DataOptions
    @Option(help: "Training images.") var train = 3000
    @Option(help: "Validation images.") var val = 300
    @Option(help: "Test images (held out).") var test = 500
    @Option(help: "Image size in pixels.") var size = 320
    @Option(help: "Seed of the generator.") var seed: UInt64 = 2024
    @Flag(help: "Generate again even when the files exist.") var force = false

    func run() throws {
        guard train > 0, val > 0, test > 0, size >= 64, size % 32 == 0 else {
            throw P02Error.badInput("split sizes must be positive and --size a multiple of 32, at least 64")
        }
        let set = data.set
        if !force, set.isComplete(counts: ["train": train, "val": val, "test": test]) {
            print("\(set.folder.path): already generated (use --force to generate again)")
            return
        }
        let photos = try BackgroundPhotos.prepare(into: courseCacheFolder.appendingPathComponent("P02/backgrounds"))
        print("backgrounds: \(photos.count) photographs from scikit-image's data (CC0)")
        let generator = SceneGenerator(size: size, backgrounds: try BackgroundPhotos.load(photos, minimumSide: size))
        let start = Date()
        try set.generate(generator, counts: [("train", train, seed), ("val", val, seed + 1), ("test", test, seed + 2)])
        print(String(format: "generated %d images in %.0f s into %@", train + val + test, Date().timeIntervalSince(start), set.folder.path))
    }
}
