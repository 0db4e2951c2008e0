import DeepLearning
import Foundation

/// PP-OCRv4's text detector (a DB network on a PP-LCNet backbone) run by the library's ONNX
/// importer, and DB's post-processing.
///
/// The image is scaled (`Scaling`), its sides rounded to multiples of 32 (the network downsamples
/// 32 times; Python's round, half to even), resized bilinearly to that and normalised to [−1, 1].
/// The network gives each pixel's probability of being text, [1, 1, H, W].
public final class TextDetector {
    /// How the image is scaled before its sides are rounded to multiples of 32.
    public enum Scaling: Sendable, Equatable {
        /// Small text grows: the shorter side is brought up to this many pixels (rapidocr's default, 736).
        case shorterSideAtLeast(Int)
        /// The image keeps its size (PaddleOCR's `limit_type: max` below 960 px); fast on small images.
        case keep
    }

    let model: ONNXModel
    public var postProcess = DBPostProcessor()
    public var scaling: Scaling

    public init(model url: URL, scaling: Scaling = .shorterSideAtLeast(736)) throws {
        model = try ONNXModel(contentsOf: url)
        self.scaling = scaling
    }

    /// The network's input size for an image, as rapidocr's `DetPreProcess.resize` computes it.
    public static func inputSize(width: Int, height: Int, scaling: Scaling) -> (width: Int, height: Int) {
        var ratio = 1.0
        if case let .shorterSideAtLeast(side) = scaling, min(width, height) < side { ratio = Double(side) / Double(min(width, height)) }
        func round32(_ side: Int) -> Int { Int((Double(Int(Double(side) * ratio)) / 32).rounded(.toNearestOrEven)) * 32 }
        return (round32(width), round32(height))
    }

    /// The text-probability map, row-major, and its size.
    public func probabilityMap(_ image: BGRImage) throws -> (values: [Float], width: Int, height: Int) {
        let size = Self.inputSize(width: image.width, height: image.height, scaling: scaling)
        guard size.width > 0, size.height > 0 else {
            throw P03Error.badInput("a \(image.width)×\(image.height) image is too small to detect text in (at least 16 px a side)")
        }
        let output = try model(image.resized(width: size.width, height: size.height).normalizedTensor())
        guard output.shape == [1, 1, size.height, size.width] else {
            throw P03Error.badInput("the detector gave shape \(output.shape), expected [1, 1, \(size.height), \(size.width)]")
        }
        return (output.scalars, size.width, size.height)
    }

    /// Text boxes in reading order.
    public func detect(_ image: BGRImage) throws -> [TextBox] {
        let map = try probabilityMap(image)
        return try postProcess.boxes(
            probability: map.values, mapWidth: map.width, mapHeight: map.height,
            imageWidth: image.width, imageHeight: image.height)
    }
}
