import DeepLearning
import FileIO
import Foundation

// The generated set on disk, in the layout ultralytics reads:
//   images/<split>/000001.png      labels/<split>/000001.txt      (YOLO txt)
//   annotations/<split>.json       (COCO JSON, the same boxes)     data.yaml
// Splits train / val / test come from three seeds, so the test images are never
// generated from the training stream.

struct ShapesDataset {
    let folder: URL
    static let classNames = ShapeClass.allCases.map(\.name)

    func imageURL(_ split: String, _ index: Int) -> URL {
        folder.appendingPathComponent("images/\(split)/\(String(format: "%06d", index)).png")
    }
    func labelURL(_ split: String, _ index: Int) -> URL {
        folder.appendingPathComponent("labels/\(split)/\(String(format: "%06d", index)).txt")
    }
    func cocoURL(_ split: String) -> URL { folder.appendingPathComponent("annotations/\(split).json") }

    /// Whether every split has its COCO file with the expected number of images.
    func isComplete(counts: [String: Int]) -> Bool {
        counts.allSatisfy { split, count in (try? COCOFiles.read(cocoURL(split)))?.images.count == count }
    }

    /// Writes each split: PNG images, YOLO label files, then the COCO JSON (last, so a split
    /// with its JSON is complete).
    func generate(_ generator: SceneGenerator, counts: [(split: String, count: Int, seed: UInt64)]) throws {
        let fm = FileManager.default
        for (split, count, seed) in counts {
            for sub in ["images/\(split)", "labels/\(split)", "annotations"] {
                try fm.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            var rng = Generator(seed: seed)
            var images: [LabelledImage] = []
            let bar = ProgressBar(total: count, label: "generate \(split)")
            for i in 1...count {
                let scene = generator.scene(using: &rng)
                let truth = GroundTruthBoxes(labels: scene.labels, boxes: scene.boxes)
                try PNGImage(tensor: scene.image).write(to: imageURL(split, i))
                try AtomicFile.write(YOLOLabels.text(truth, width: generator.size, height: generator.size), to: labelURL(split, i))
                images.append(LabelledImage(path: imageURL(split, i), width: generator.size, height: generator.size, truth: truth))
                bar.update(i)
            }
            bar.finish()
            try COCOFiles.write(COCOFiles.dataset(images, classNames: Self.classNames), to: cocoURL(split))
        }
        let yaml =
            "path: \(folder.path)\ntrain: images/train\nval: images/val\ntest: images/test\nnames:\n"
            + Self.classNames.enumerated().map { "  \($0): \($1)" }.joined(separator: "\n") + "\n"
        try AtomicFile.write(yaml, to: folder.appendingPathComponent("data.yaml"))
    }

    /// The labelled images of a split, read from the YOLO label files.
    func split(_ name: String) throws -> [LabelledImage] {
        let coco = try COCOFiles.read(cocoURL(name))
        return try coco.images.map { image in
            let url = folder.appendingPathComponent("images/\(name)/\(image.file_name)")
            let labels = url.deletingPathExtension().path.replacingOccurrences(of: "/images/", with: "/labels/") + ".txt"
            guard let text = try? String(contentsOfFile: labels, encoding: .utf8) else {
                throw P02Error.missing(labels, fix: "swift run P02 prepare --force")
            }
            let truth = try YOLOLabels.parse(
                text, width: image.width, height: image.height,
                classes: Self.classNames.count, source: labels)
            return LabelledImage(path: url, width: image.width, height: image.height, truth: truth)
        }
    }
}

/// scikit-image's sample photographs (CC0 / public domain), unpacked from its wheel.
enum BackgroundPhotos {
    static let names = [
        "astronaut.png", "brick.png", "camera.png", "chelsea.png", "coffee.png", "grass.png", "gravel.png",
        "hubble_deep_field.jpg", "moon.png", "motorcycle_left.png", "motorcycle_right.png", "rocket.jpg",
        "coins.png", "page.png", "retina.jpg", "ihc.png", "clock_motion.png", "text.png",
    ]
    static let wheel = "scikit-image==0.26.0"

    /// The photographs' paths, fetching the wheel with pip and unpacking them when needed.
    static func prepare(into folder: URL) throws -> [URL] {
        let fm = FileManager.default
        let urls = names.map { folder.appendingPathComponent($0) }
        if urls.allSatisfy({ fm.fileExists(atPath: $0.path) }) { return urls }
        let wheels = courseCacheFolder.appendingPathComponent("wheels")
        try fm.createDirectory(at: wheels, withIntermediateDirectories: true)
        func cached() -> URL? {
            ((try? fm.contentsOfDirectory(atPath: wheels.path)) ?? []).filter { $0.hasPrefix("scikit_image-0.26.0-") && $0.hasSuffix(".whl") }
                .sorted().first.map { wheels.appendingPathComponent($0) }
        }
        if cached() == nil {
            try runTool(["python3", "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--quiet", "--dest", wheels.path, wheel])
        }
        guard let file = cached() else { throw P02Error.tool("pip did not leave a scikit-image wheel in \(wheels.path)") }
        let unpacked = folder.appendingPathComponent("wheel")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let members = names.map { "skimage/data/\($0)" }
        try runTool(
            [
                "python3", "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], sys.argv[3:])",
                file.path, unpacked.path,
            ] + members)
        for name in names {
            try? fm.removeItem(at: folder.appendingPathComponent(name))
            try fm.moveItem(at: unpacked.appendingPathComponent("skimage/data/\(name)"), to: folder.appendingPathComponent(name))
        }
        try? fm.removeItem(at: unpacked)
        return urls
    }

    /// Decoded photographs as RGB [3, H, W] in [0, 1], upscaled when a side is below `minimumSide`.
    static func load(_ urls: [URL], minimumSide: Int) throws -> [Tensor] {
        try urls.map { url in
            guard let bytes = FileManager.default.contents(atPath: url.path) else { throw P02Error.missing(url.path, fix: "swift run P02 prepare") }
            let image = try ImageDecoding.decode([UInt8](bytes), path: url.path).converted(channels: 3).tensor()
            let (h, w) = (image.shape[1], image.shape[2])
            guard Swift.min(h, w) < minimumSide else { return image }
            let factor = Double(minimumSide) / Double(Swift.min(h, w))
            return resize(image, height: Int((Double(h) * factor).rounded(.up)), width: Int((Double(w) * factor).rounded(.up)))
        }
    }
}
