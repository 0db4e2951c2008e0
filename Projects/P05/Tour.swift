import ArgumentParser
import DeepLearning
import Foundation

struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A short guided tour of the pipeline (a few minutes); figures under out/P05/tour.")

    @OptionGroup var data: DataOptions

    func run() throws {
        let folder = URL(fileURLWithPath: "out/P05/tour")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        print("1. NIfTI: a volume, its voxel size and the affine that places voxels in the world (P05-E01).")
        let colin = try Brains.colin(templates: data.templatesFolder)
        print(
            "   Colin27 \(colin.image.shape), axes \(try axisCodes(colin.image.affine)); voxel (0,0,0) is at \(try voxelToWorld(colin.image.affine, [0, 0, 0])) mm"
        )
        print("2. Preprocessing: orient to RAS, resample to 2 mm (trilinear image, nearest label, P05-E02), scale intensities.")
        let train = try Preprocessing()(colin)
        print("   now \(train.image.shape) at \(train.image.spacing) mm")
        print("3. Training on 32³ patches picked half on brain, half off it (P05-E05), Dice + cross-entropy (P05-E03): 3 short epochs.")
        var settings = TrainingSettings()
        (settings.patch, settings.epochs, settings.stepsPerEpoch) = (32, 3, 10)
        let model = try TrainingRun(settings: settings, folder: folder.appendingPathComponent("run")).run(on: train, resume: false)
        model.eval()
        print("4. Sliding-window inference with Gaussian blending (P05-E04), Dice and HD95 (P05-E06) on the unseen MNI152 brain.")
        let test = try Preprocessing()(Brains.mni(folder: data.mniFolder))
        let mask = try segment(test.image, model: model, settings: settings)
        let dice = SegmentationMetrics.dice(mask.data, test.label.data) ?? .nan
        let hd95 = try SegmentationMetrics.hausdorff95(mask, test.label) ?? .nan
        print(String(format: "   after 30 steps: Dice %.3f, HD95 %.1f mm (the full `train` goes much further)", dice, hd95))
        try SliceFigure.write(image: test.image, mask: mask, reference: test.label, to: folder.appendingPathComponent("slices.png").path)
        print("   figure: \(folder.appendingPathComponent("slices.png").path)")
    }
}
