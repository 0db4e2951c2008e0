import ArgumentParser
import DeepLearning
import Foundation

/// `swift run P03`: PaddleOCR's pipeline stage by stage on scikit-image's scanned page, figures in out/P03/tour.
struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A short guided tour: detection map, DB boxes, crops, CTC decoding, on a scanned page.")

    @Option(help: "Output folder.") var out = "out/P03/tour"

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        let page = PaddleModels.images.appendingPathComponent("page.png")
        guard FileManager.default.fileExists(atPath: page.path) else { throw P03Error.missing(page.path, fix: "swift run P03 prepare") }
        let pipeline = try OCRPipeline()
        let image = try BGRImage.read(page)
        print("1. The image: \(image.width)×\(image.height), fed to the networks in OpenCV's blue-green-red order.")

        var start = Date()
        let map = try pipeline.detector.probabilityMap(image)
        print(
            String(
                format: "2. Detection: PP-OCRv4's DB network gives a %d×%d text-probability map (%.1f s).", map.width, map.height,
                Date().timeIntervalSince(start)))
        let mapImage = PNGImage(width: map.width, height: map.height, channels: 1, pixels: map.values.map { UInt8(min(max($0, 0), 1) * 255) })
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try mapImage.write(to: folder.appendingPathComponent("probability.png"))
        print("   figure: \(folder.path)/probability.png")

        let post = pipeline.detector.postProcess
        let boxes = try post.boxes(probability: map.values, mapWidth: map.width, mapHeight: map.height, imageWidth: image.width, imageHeight: image.height)
        print("3. DB post-processing: binarize at \(post.threshold), one minimum-area rectangle per region (P03-E05),")
        print(
            "   keep mean probability ≥ \(post.boxThreshold), grow by area·\(post.unclipRatio)/perimeter (P03-E03), reading order (P03-E06): \(boxes.count) boxes."
        )

        start = Date()
        let strips = boxes.map { perspectiveCrop(image, corners: $0.corners) }
        let texts = try pipeline.recognizer.recognize(strips)
        print(
            String(
                format: "4. Recognition: each box cut out upright, height 48, PP-OCRv4's recogniser, greedy CTC decoding (P03-E02), %.1f s:",
                Date().timeIntervalSince(start)))
        var lines: [OCRLine] = []
        for (box, read) in zip(boxes, texts) {
            print(String(format: "   %.3f  %@", read.confidence, read.text))
            if read.confidence >= pipeline.textScore { lines.append(OCRLine(box: box.corners.map { [$0.x, $0.y] }, text: read.text, score: read.confidence)) }
        }
        try writeResult(lines, image: image, to: folder.appendingPathComponent("page"))
        print("   figure: \(folder.path)/page.png; your own images: `swift run P03 predict photo.jpg`; against rapidocr: `swift run P03 eval`.")
    }
}
