import ArgumentParser
import DeepLearning
import Foundation

/// `swift run P04`: the pipeline in a few minutes at a reduced size, figures in out/P04/tour.
struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A short guided tour: rendered scenes, the two networks, a small training run, mIoU.")

    @Option(help: "Output folder.") var out = "out/P04/tour"

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let photos = PhotoTextures.folder
        let hasPhotos = FileManager.default.fileExists(atPath: photos.appendingPathComponent("brick.png").path)
        print("1. Data. Street scenes drawn through a pinhole camera: road, lanes, sidewalks, buildings, trees, poles, signs, cars, people.")
        print(
            hasPhotos
                ? "   Textured with scikit-image's photographs (\(photos.path))." : "   (Noise textures: `swift run P04 prepare` fetches the photographs.)")
        let (height, width) = (64, 128)
        func scenes(_ split: SceneSplit, _ count: Int) -> [LabelledImage] {
            let renderer = SceneRenderer(
                textures: TextureSet.load(split: split, folder: hasPhotos ? photos : nil), split: split, width: 2 * width, height: 2 * height)
            return (0..<count).map { i in
                let s = renderer.render(seed: UInt64(i))
                return LabelledImage(
                    width: width, height: height,
                    rgb: Resize.area(s.pixels, width: s.width, height: s.height, channels: 3, toWidth: width, toHeight: height),
                    trainIds: Resize.nearest(s.labels, width: s.width, height: s.height, toWidth: width, toHeight: height))
            }
        }
        let train = scenes(.train, 160), val = scenes(.val, 24)
        let tiles = train.prefix(4).flatMap {
            [rgbTensor($0.rgb, height: height, width: width), paletteTensor($0.trainIds.map(Int.init), height: height, width: width)]
        }
        try ImageGrid(stack(tiles), columns: 2, scale: 2, normalization: .none, title: "rendered scenes and their labels").write(
            to: folder.appendingPathComponent("samples.png"))
        print("   figure: \(folder.path)/samples.png; labels are Cityscapes ids (road 7, sidewalk 8, building 11, ..., car 26).")

        print("2. Models: U-Net (skip connections at every level) and DeepLabv3+ (MobileNetV2 at output stride 16, ASPP, a stride-4 decoder).")
        for kind in [ModelKind.unet, .deeplabScratch] {
            print("   \(kind == .unet ? "U-Net     " : "DeepLabv3+"): \(try makeModel(kind, weights: nil).parameterCount) parameters")
        }
        let pretrained = FileManager.default.fileExists(atPath: imageNetWeightsURL.path)
        print(
            "3. A small training run: DeepLabv3+ \(pretrained ? "from ImageNet weights" : "from scratch (scripts/fetch-weights.sh fetches ImageNet weights)"), 160 scenes at \(height)×\(width), 2 epochs."
        )
        let settings = TrainingSettings(model: pretrained ? .deeplab : .deeplabScratch, height: height, width: width, epochs: 2, batchSize: 8, lr: 2e-3)
        let model = try SegmentationTraining(settings: settings, folder: folder.appendingPathComponent("model")).run(train: train, val: val, resume: false)
        print("4. mIoU on 24 held-out scenes (another town, other textures), from one confusion matrix:")
        print(resultTable(confusion(of: model, on: val, batchSize: 8)).split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
        print("   The full run: `swift run -c release P04 prepare`, `P04 train`, `P04 eval` (Docs/P04.md).")
    }
}
