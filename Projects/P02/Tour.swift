import ArgumentParser
import DeepLearning
import FileIO
import Foundation

/// `swift run P02` with no arguments: each stage once, small and fast, figures under out/P02/.
struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A short guided tour: data, model, loss, one training step, decoding.")

    @Option(help: "Output folder for the figures.") var out = "out/P02"

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        print("1. Data: shapes painted over photographs, labelled with boxes (YOLO txt + COCO JSON).")
        let photos = courseCacheFolder.appendingPathComponent("P02/backgrounds")
        let backgrounds =
            (try? BackgroundPhotos.load(BackgroundPhotos.names.map { photos.appendingPathComponent($0) }, minimumSide: 320))
            ?? proceduralBackgrounds(count: 4, size: 320, seed: 1)
        if backgrounds.count < BackgroundPhotos.names.count { print("   (photos not fetched yet: `swift run P02 prepare`; using generated backgrounds)") }
        let generator = SceneGenerator(size: 320, backgrounds: backgrounds)
        var rng = Generator(seed: 7)
        let scene = generator.scene(using: &rng)
        var canvas = Canvas(image: scene.image)
        for (label, box) in zip(scene.labels, scene.boxes) {
            canvas.drawBox(box, label: ShapesDataset.classNames[label], color: .series(label), thickness: 1)
        }
        try canvas.write(to: folder.appendingPathComponent("tour-sample.png"))
        print("   \(scene.labels.count) labelled objects; figure: \(out)/tour-sample.png")

        print("2. Model: YOLO11n (Conv-BN-SiLU, C3k2, SPPF, C2PSA; decoupled anchor-free head).")
        Random.seed(0)
        let model = YOLO11(scale: .n, classes: ShapesDataset.classNames.count)
        print("   \(model.parameterCount) parameters at 6 classes (2,624,080 at 80 classes, as ultralytics)")

        print("3. Loss: task-aligned assignment, CIoU, DFL and BCE; one AdamW step on a batch of 2.")
        let truths = [GroundTruthBoxes(labels: scene.labels, boxes: scene.boxes), GroundTruthBoxes(labels: [], boxes: [])]
        let images = stack([scene.image, generator.scene(using: &rng).image], axis: 0)
        let loss = DetectionLoss(model: model, imageSize: 320)
        let optimizer = AdamW(model.parameters().filter(\.requiresGrad), lr: 1e-3, weightDecay: 5e-4)
        let start = Date()
        let (value, parts) = loss(model(images), truths: truths)
        optimizer.zeroGrad(); value.backward(); optimizer.step()
        print(String(format: "   box %.3f cls %.3f dfl %.3f; forward + backward %.1f s", parts.box, parts.cls, parts.dfl, Date().timeIntervalSince(start)))

        print("4. Decoding: DFL expectation → boxes, confidence 0.25, class-aware NMS at IoU 0.7.")
        model.eval()
        let found = detect(model, images: [scene.image], size: 320, options: .predict)[0]
        print("   \(found.count) boxes from an untrained model (train it: `swift run P02 prepare && swift run P02 train`)")
    }
}
