import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// What can go wrong, each with a message and exit code instead of a trap.
enum P05Error: Error, CustomStringConvertible {
    case missing(String, fix: String)
    case badInput(String)

    var description: String {
        switch self {
        case let .missing(path, fix): return "missing \(path) (run `\(fix)`)"
        case let .badInput(m): return "bad input: \(m)"
        }
    }
}

struct P05Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "P05",
        abstract: "3-D medical imaging (医学影像分析): brain extraction on T1 MRI with a 3-D U-Net, NIfTI in and out.",
        subcommands: [Tour.self, Prepare.self, Train.self, Eval.self, Predict.self],
        defaultSubcommand: Tour.self)
}

/// Where the two brains are read from.
struct DataOptions: ParsableArguments {
    @Option(help: "Folder of the Colin27 templates (Debian mricron-data).") var templates = Brains.templates.path
    @Option(help: "Folder of the MNI152 2009a maps. Default: $DEEP_LEARNING_CACHE/P05/mni152") var mni: String?

    var templatesFolder: URL { URL(fileURLWithPath: templates) }
    var mniFolder: URL { mni.map { URL(fileURLWithPath: $0) } ?? courseCacheFolder.appendingPathComponent("P05/mni152") }

    /// The training brain (Colin27) and the test brain (MNI152), preprocessed at `spacing` mm.
    func subjects(spacing: Double) throws -> (train: Subject, test: Subject) {
        let preprocess = Preprocessing(spacing: spacing)
        return (try preprocess(Brains.colin(templates: templatesFolder)), try preprocess(Brains.mni(folder: mniFolder)))
    }
}

struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the Colin27 templates of mricron-data; download the nilearn 0.14.1 wheel with pip and unpack the MNI152 maps.")

    @OptionGroup var data: DataOptions
    @Flag(help: "Unpack again even when the files exist.") var force = false

    func run() throws {
        print("Data: \(Brains.licence).")
        let fm = FileManager.default
        for name in ["ch2.nii.gz", "ch2bet.nii.gz"] where !fm.fileExists(atPath: "\(data.templates)/\(name)") {
            throw P05Error.missing("\(data.templates)/\(name)", fix: "scripts/install-deps.sh p05 (Debian package mricron-data)")
        }
        let folder = data.mniFolder
        if force || !Brains.mniFiles.allSatisfy({ fm.fileExists(atPath: folder.appendingPathComponent($0).path) }) {
            let wheels = courseCacheFolder.appendingPathComponent("wheels")
            try fm.createDirectory(at: wheels, withIntermediateDirectories: true)
            let wheel = wheels.appendingPathComponent("nilearn-0.14.1-py3-none-any.whl")
            if !fm.fileExists(atPath: wheel.path) {
                try runTool(["python3", "-m", "pip", "download", "--no-deps", "--quiet", "--dest", wheels.path, "nilearn==0.14.1"])
            }
            let unpacked = folder.deletingLastPathComponent().appendingPathComponent("nilearn-wheel")
            try? fm.removeItem(at: unpacked)
            try runTool(["python3", "-m", "zipfile", "-e", wheel.path, unpacked.path])
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in Brains.mniFiles {
                let target = folder.appendingPathComponent(name)
                try? fm.removeItem(at: target)
                try fm.moveItem(at: unpacked.appendingPathComponent("nilearn/datasets/data/\(name)"), to: target)
            }
            try? fm.removeItem(at: unpacked)
        }
        for (name, subject) in [("train", try Brains.colin(templates: data.templatesFolder)), ("test", try Brains.mni(folder: data.mniFolder))] {
            let brain = subject.label.data.reduce(0, +) * Float(subject.label.spacing.reduce(1, *)) / 1000
            print(
                "\(name): \(subject.name) \(subject.image.shape) at \(subject.image.spacing) mm, "
                    + "axes \(try axisCodes(subject.image.affine)), brain \(String(format: "%.0f", brain)) ml")
        }
    }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the 3-D U-Net on patches of Colin27 (brain extraction); a checkpoint every epoch.")

    @OptionGroup var data: DataOptions
    @Option(help: "Epochs.") var epochs = TrainingSettings().epochs
    @Option(help: "Optimizer steps per epoch.") var steps = TrainingSettings().stepsPerEpoch
    @Option(help: "Patch edge in voxels (a multiple of 4).") var patch = TrainingSettings().patch
    @Option(help: "Patches per step.") var batchSize = TrainingSettings().batchSize
    @Option(help: "Learning rate (Adam).") var lr = TrainingSettings().lr
    @Option(help: "Seed (weights, patches, augmentation).") var seed = TrainingSettings().seed
    @Option(help: "Probability of showing a patch skull-stripped (0 turns it off).") var skullStrip = TrainingSettings().skullStripProbability
    @Option(help: "Output folder.") var out = "out/P05/unet"
    @Flag(help: "Continue from the last epoch checkpoint in --out.") var resume = false

    func run() throws {
        var settings = TrainingSettings()
        (settings.epochs, settings.stepsPerEpoch, settings.patch, settings.batchSize, settings.lr, settings.seed) = (epochs, steps, patch, batchSize, lr, seed)
        settings.skullStripProbability = skullStrip
        guard epochs > 0, steps > 0, batchSize > 0, lr > 0, patch >= 8, patch % 4 == 0, (0...1).contains(skullStrip) else {
            throw P05Error.badInput("epochs, steps, batch size and lr must be positive; patch a multiple of 4, at least 8; skull-strip in 0...1")
        }
        print("Data: \(Brains.licence).")
        let start = Date()
        let train = try Preprocessing(spacing: settings.spacing)(Brains.colin(templates: data.templatesFolder))
        print(
            String(
                format: "training brain %@ %@ at %.0f mm, prepared in %.1f s", train.name, "\(train.image.shape)", settings.spacing,
                Date().timeIntervalSince(start)))
        try TrainingRun(settings: settings, folder: URL(fileURLWithPath: out)).run(on: train, resume: resume)
        print(String(format: "trained in %.0f s", Date().timeIntervalSince(start)))
    }
}

extension Blending: ExpressibleByArgument {}
