import DeepLearning
import Foundation

/// One recognised line: where it is, what it says, and how sure each stage was.
public struct OCRLine: Codable, Equatable, Sendable {
    public var box: [[Double]]
    public var text: String
    public var score: Double
}

/// Detection, cropping and recognition, the PaddleOCR (rapidocr) pipeline without the angle
/// classifier: lines whose recognition confidence is below `textScore` are dropped.
public final class OCRPipeline {
    public let detector: TextDetector
    public let recognizer: TextRecognizer
    public var textScore = 0.5

    public init(detector: TextDetector, recognizer: TextRecognizer) { (self.detector, self.recognizer) = (detector, recognizer) }

    /// The two PP-OCRv4 models unpacked by `P03 prepare`.
    public convenience init(modelFolder: URL = PaddleModels.folder, scaling: TextDetector.Scaling = .shorterSideAtLeast(736)) throws {
        let (detector, recognizer) = (modelFolder.appendingPathComponent(PaddleModels.detector), modelFolder.appendingPathComponent(PaddleModels.recognizer))
        for url in [detector, recognizer] where !FileManager.default.fileExists(atPath: url.path) {
            throw P03Error.missing(url.path, fix: "swift run P03 prepare")
        }
        self.init(detector: try TextDetector(model: detector, scaling: scaling), recognizer: try TextRecognizer(model: recognizer))
    }

    public func read(_ image: BGRImage) throws -> [OCRLine] {
        let boxes = try detector.detect(image)
        let strips = boxes.map { perspectiveCrop(image, corners: $0.corners) }
        let texts = try recognizer.recognize(strips)
        return zip(boxes, texts).compactMap { box, read in
            read.confidence < textScore ? nil : OCRLine(box: box.corners.map { [$0.x, $0.y] }, text: read.text, score: read.confidence)
        }
    }
}
