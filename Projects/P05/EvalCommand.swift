import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// One row of the results table.
struct SubjectResult: Codable {
    let subject: String
    let role: String
    let dice: Double?
    let hd95: Double?
    let seconds: Double
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dice and HD95 of the trained U-Net on the training brain (Colin27) and the unseen brain (MNI152), with slice figures.")

    @OptionGroup var data: DataOptions
    @Option(name: .customLong("run"), help: "Training run folder.") var runFolder = "out/P05/unet"
    @Option(help: "Window blending: gaussian or constant.") var blending: Blending = .gaussian

    func run() throws {
        let folder = URL(fileURLWithPath: runFolder)
        let (model, settings) = try trainedModel(in: folder)
        let (train, test) = try data.subjects(spacing: settings.spacing)
        var results: [SubjectResult] = []
        for (subject, role) in [(train, "train"), (test, "test (unseen)")] {
            let start = Date()
            let mask = try segment(subject.image, model: model, settings: settings, blending: blending)
            let seconds = Date().timeIntervalSince(start)
            let result = SubjectResult(
                subject: subject.name, role: role, dice: SegmentationMetrics.dice(mask.data, subject.label.data),
                hd95: try SegmentationMetrics.hausdorff95(mask, subject.label), seconds: seconds)
            results.append(result)
            try SliceFigure.write(
                image: subject.image, mask: mask, reference: subject.label,
                to: folder.appendingPathComponent("slices-\(subject.name).png").path)
        }
        print("subject   role            Dice     HD95 (mm)  inference")
        for r in results {
            print(
                r.subject.padding(toLength: 10, withPad: " ", startingAt: 0) + r.role.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(format: "%.4f   %6.2f     %.1f s", r.dice ?? .nan, r.hd95 ?? .nan, r.seconds))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(encoder.encode(results), to: folder.appendingPathComponent("results.json"))
        print("figures and results.json in \(folder.path)")
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Brain mask of your own T1 NIfTI: a .nii.gz mask on the input's grid and affine, a slice figure and JSON.")

    @Argument(help: "A T1-weighted .nii or .nii.gz volume.") var input: String
    @Option(name: .customLong("run"), help: "Training run folder.") var runFolder = "out/P05/unet"
    @Option(help: "Output folder.") var out = "out/P05/predict"

    func run() throws {
        let (model, settings) = try trainedModel(in: URL(fileURLWithPath: runFolder))
        let original = try Volume.read(URL(fileURLWithPath: input))
        let empty = original.mapped { _ in 0 }
        let prepared = try Preprocessing(spacing: settings.spacing)(Subject(name: "input", image: original, label: empty))
        let mask = try segment(prepared.image, model: model, settings: settings)
        // Back onto the input's own grid: every input voxel takes the nearest predicted voxel.
        let onInput = try mask.resampled(onto: original.shape, affine: original.affine, .nearest)
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stem = URL(fileURLWithPath: input).lastPathComponent.replacingOccurrences(of: ".nii.gz", with: "").replacingOccurrences(of: ".nii", with: "")
        let maskPath = folder.appendingPathComponent("\(stem)-brain.nii.gz").path
        var nifti = onInput.nifti(datatype: .uint8)
        nifti.header.descrip = "P05 brain mask"
        try nifti.write(to: URL(fileURLWithPath: maskPath))
        try SliceFigure.write(image: prepared.image, mask: mask, to: folder.appendingPathComponent("\(stem)-slices.png").path)
        let millilitres = Double(onInput.data.reduce(0, +)) * original.spacing.reduce(1, *) / 1000
        let summary = ["input": input, "mask": maskPath, "brainVolumeMl": String(format: "%.1f", millilitres)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(encoder.encode(summary), to: folder.appendingPathComponent("\(stem).json"))
        print("brain \(String(format: "%.1f", millilitres)) ml; mask \(maskPath)")
    }
}
