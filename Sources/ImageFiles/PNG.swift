import CPNG
import FileIO
import Foundation
import Tensors

/// An 8-bit image with 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) channels,
/// read from and written to PNG through libpng. Pixels are stored row by row,
/// channels interleaved (HWC), as in the file.
///
/// ```swift
/// let image = try PNGImage.read("cat.png")
/// let x = image.tensor()                  // float32 [channels, height, width] in [0, 1]
/// try PNGImage(tensor: x).write(to: "copy.png")
/// ```
/// 16-bit files are read as 8-bit (libpng's simplified API treats 16-bit data as
/// linear light and converts it to sRGB); palette images are expanded to RGB(A).
public struct PNGImage: Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    /// `height * width * channels` bytes, HWC order.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition((1...4).contains(channels), "PNGImage: channels must be 1, 2, 3 or 4, got \(channels)")
        precondition(width > 0 && height > 0, "PNGImage: size \(width)x\(height) must be positive")
        precondition(
            pixels.count == width * height * channels,
            "PNGImage: \(width)x\(height)x\(channels) needs \(width * height * channels) bytes, got \(pixels.count)")
        (self.width, self.height, self.channels, self.pixels) = (width, height, channels, pixels)
    }

    // MARK: Decoding

    /// Reads a PNG file.
    public static func read(_ url: URL) throws -> PNGImage {
        try PNGImage(data: Files.read(url.path), path: url.path)
    }

    /// Decodes PNG bytes; `path` only names the source in errors.
    public init(data: [UInt8], path: String = "<memory>") throws {
        try PNGImage.checkStructure(data, path: path)
        // libpng reads from `data` until the last call, so both calls stay inside one borrow.
        let decoded = try data.withUnsafeBytes { source -> (Int, Int, Int, [UInt8]) in
            var image = png_image()
            image.version = UInt32(PNG_IMAGE_VERSION)
            guard png_image_begin_read_from_memory(&image, source.baseAddress, source.count) != 0 else {
                throw PNGImage.failure(&image, path)
            }
            // Keep grey/colour and alpha as stored; drop 16-bit linear and palette flags (read as 8-bit).
            let colour = image.format & UInt32(PNG_FORMAT_FLAG_COLOR), alpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA)
            image.format = colour | alpha
            let channels = (colour != 0 ? 3 : 1) + (alpha != 0 ? 1 : 0)
            let (width, height) = (Int(image.width), Int(image.height))
            // Deflate expands at most 1032:1 and a 1-bit palette pixel becomes up to 4 bytes (32x),
            // so a genuine image never needs more than 33,024 bytes per byte of file.
            guard let size = FileIO.byteCount(shape: [height, width, channels], elementSize: 1),
                size <= source.count * 33_024, width * channels <= Int(Int32.max)
            else {
                png_image_free(&image)
                throw DatasetError.corrupt(path: path, reason: "PNG header announces \(width)x\(height) pixels, more than a \(source.count)-byte file can hold")
            }
            var pixels = [UInt8](repeating: 0, count: width * height * channels)
            let finished = pixels.withUnsafeMutableBytes {
                png_image_finish_read(&image, nil, $0.baseAddress, Int32(width * channels), nil)
            }
            guard finished != 0 else { throw PNGImage.failure(&image, path) }
            return (width, height, channels, pixels)
        }
        let (width, height, channels, pixels) = decoded
        self.init(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Checks the signature and that every chunk lies inside the data, so that
    /// a cut-off file is reported as truncated rather than as a libpng message.
    static func checkStructure(_ data: [UInt8], path: String) throws {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard data.count >= 8, Array(data[0..<8]) == signature else {
            if data.count < 8 && data == Array(signature.prefix(data.count)) {
                throw DatasetError.truncated(path: path, expectedBytes: 8, actualBytes: data.count)
            }
            let found = data.prefix(8).map { String(format: "%02X", $0) }.joined(separator: " ")
            throw DatasetError.badMagicNumber(path: path, expected: "89 50 4E 47 0D 0A 1A 0A (not a PNG file)", found: found)
        }
        var offset = 8
        while true {
            // A chunk: 4-byte length, 4-byte type, data, 4-byte CRC.
            guard offset + 8 <= data.count else { throw DatasetError.truncated(path: path, expectedBytes: offset + 12, actualBytes: data.count) }
            let length = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 12 + length
            guard end <= data.count else { throw DatasetError.truncated(path: path, expectedBytes: end, actualBytes: data.count) }
            if data[offset + 4..<offset + 8].elementsEqual("IEND".utf8) { return }
            offset = end
        }
    }

    private static func failure(_ image: inout png_image, _ path: String) -> DatasetError {
        let message = withUnsafeBytes(of: image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        png_image_free(&image)
        return .corrupt(path: path, reason: "PNG: \(message)")
    }

    // MARK: Encoding

    /// The image encoded as PNG.
    public func encoded() throws -> [UInt8] {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(channels >= 3 ? PNG_FORMAT_FLAG_COLOR : 0) | UInt32(channels % 2 == 0 ? PNG_FORMAT_FLAG_ALPHA : 0)
        var size = 0
        // First call measures, second writes.
        guard pixels.withUnsafeBytes({ png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, Int32(width * channels), nil) }) != 0 else {
            throw PNGImage.failure(&image, "<encoding>")
        }
        var out = [UInt8](repeating: 0, count: size)
        let written = out.withUnsafeMutableBytes { target in
            pixels.withUnsafeBytes { png_image_write_to_memory(&image, target.baseAddress, &size, 0, $0.baseAddress, Int32(width * channels), nil) }
        }
        guard written != 0 else { throw PNGImage.failure(&image, "<encoding>") }
        return Array(out[0..<size])
    }

    /// Writes the image as a PNG file, atomically.
    public func write(to url: URL) throws {
        try Files.writeAtomically(encoded(), to: url.path)
    }

    // MARK: Tensors

    /// The image as float32 [channels, height, width] in [0, 1] (HWC bytes to CHW floats).
    public func tensor() -> Tensor {
        let out = Tensor.zeros([channels, height, width])
        let plane = width * height
        out.withFloats { dst in
            for p in 0..<plane {
                for c in 0..<channels { dst[c * plane + p] = Float(pixels[p * channels + c]) / 255 }
            }
        }
        return out
    }

    /// An image from a float tensor [channels, height, width] or [height, width] with
    /// values in [0, 1] (clamped, rounded to the nearest of 256 levels).
    public init(tensor: Tensor) {
        precondition(tensor.rank == 2 || tensor.rank == 3, "PNGImage(tensor:): expected [C, H, W] or [H, W], got \(tensor.shape)")
        let shape = tensor.rank == 2 ? [1] + tensor.shape : tensor.shape
        let (channels, height, width) = (shape[0], shape[1], shape[2])
        let values = tensor.scalars
        let plane = width * height
        var pixels = [UInt8](repeating: 0, count: plane * channels)
        for p in 0..<plane {
            for c in 0..<channels {
                let v = values[c * plane + p]
                pixels[p * channels + c] = UInt8((v.isNaN ? 0 : Swift.min(Swift.max(v, 0), 1)) * 255 + 0.5)
            }
        }
        self.init(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// The same picture with another channel count: grey <-> RGB, alpha added
    /// (opaque) or dropped. Grey from colour uses the ITU-R BT.601 luma weights.
    public func converted(channels target: Int) -> PNGImage {
        precondition((1...4).contains(target), "PNGImage.converted: channels must be 1...4, got \(target)")
        if target == channels { return self }
        var out = [UInt8](repeating: 0, count: width * height * target)
        let colourIn = channels >= 3, alphaIn = channels % 2 == 0
        let colourOut = target >= 3, alphaOut = target % 2 == 0
        for p in 0..<width * height {
            let px = pixels[p * channels..<(p + 1) * channels].map(Int.init)
            let rgb = colourIn ? Array(px[0..<3]) : [px[0], px[0], px[0]]
            let grey = colourIn ? (299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2] + 500) / 1000 : px[0]
            var value = colourOut ? rgb : [grey]
            if alphaOut { value.append(alphaIn ? px[channels - 1] : 255) }
            for (c, v) in value.enumerated() { out[p * target + c] = UInt8(v) }
        }
        return PNGImage(width: width, height: height, channels: target, pixels: out)
    }
}
