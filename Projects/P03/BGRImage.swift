import DeepLearning
import Foundation

/// An 8-bit colour image in OpenCV's layout, the one the PaddleOCR models were trained on:
/// rows of interleaved blue, green, red.
public struct BGRImage: Equatable, Sendable {
    public let width: Int, height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "BGRImage: \(pixels.count) bytes for \(width)×\(height)×3")
        (self.width, self.height, self.pixels) = (width, height, pixels)
    }

    /// A decoded PNG or JPEG converted as rapidocr's `LoadImage` does: grey repeated three times,
    /// RGB reversed, and a transparent pixel (alpha a) blended towards white: c·[a > 0] + 255 − a.
    public init(_ image: PNGImage) {
        let c = image.channels
        var out = [UInt8](repeating: 0, count: image.width * image.height * 3)
        for i in 0..<(image.width * image.height) {
            let p = image.pixels[(i * c)..<(i * c + c)].map(Int.init)
            let rgb = c >= 3 ? [p[0], p[1], p[2]] : [p[0], p[0], p[0]]
            let alpha = c == 2 || c == 4 ? p[c - 1] : 255
            for k in 0..<3 { out[i * 3 + k] = UInt8(min(255, (alpha > 0 ? rgb[2 - k] : 0) + 255 - alpha)) }
        }
        self.init(width: image.width, height: image.height, pixels: out)
    }

    /// Reads a PNG or JPEG file; anything else throws.
    public static func read(_ url: URL) throws -> BGRImage {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw P03Error.missing(url.path, fix: "check the path") }
        return BGRImage(try ImageDecoding.decode([UInt8](data), path: url.path))
    }

    /// Bilinear resize with OpenCV's `INTER_LINEAR` sampling: the source position of output pixel
    /// x is (x + 0.5)·sx − 0.5, clamped to the image, no antialiasing.
    public func resized(width newWidth: Int, height newHeight: Int) -> BGRImage {
        precondition(newWidth > 0 && newHeight > 0, "resized: \(newWidth)×\(newHeight)")
        func taps(_ size: Int, _ newSize: Int) -> [(Int, Int, Double)] {
            let scale = Double(size) / Double(newSize)
            return (0..<newSize).map { i in
                let f = (Double(i) + 0.5) * scale - 0.5
                var lo = Int(f.rounded(.down)), w = f - Double(lo)
                if lo < 0 { (lo, w) = (0, 0) }
                if lo >= size - 1 { (lo, w) = (size - 1, 0) }
                return (lo, min(lo + 1, size - 1), w)
            }
        }
        let xs = taps(width, newWidth), ys = taps(height, newHeight)
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        for (y, (y0, y1, wy)) in ys.enumerated() {
            for (x, (x0, x1, wx)) in xs.enumerated() {
                for k in 0..<3 {
                    let top = (1 - wx) * Double(pixels[(y0 * width + x0) * 3 + k]) + wx * Double(pixels[(y0 * width + x1) * 3 + k])
                    let bottom = (1 - wx) * Double(pixels[(y1 * width + x0) * 3 + k]) + wx * Double(pixels[(y1 * width + x1) * 3 + k])
                    out[(y * newWidth + x) * 3 + k] = UInt8(min(255, max(0, ((1 - wy) * top + wy * bottom).rounded())))
                }
            }
        }
        return BGRImage(width: newWidth, height: newHeight, pixels: out)
    }

    /// `[1, 3, height, paddedWidth]`, channels blue, green, red, each (v/255 − 0.5)/0.5, and zeros
    /// right of the image up to `paddedWidth` (the recogniser's batches share one width).
    public func normalizedTensor(paddedWidth: Int? = nil) -> Tensor {
        let w = paddedWidth ?? width
        precondition(w >= width, "normalizedTensor: padded width \(w) < image width \(width)")
        var values = [Float](repeating: 0, count: 3 * height * w)
        for y in 0..<height {
            for x in 0..<width {
                for k in 0..<3 { values[(k * height + y) * w + x] = (Float(pixels[(y * width + x) * 3 + k]) / 255 - 0.5) / 0.5 }
            }
        }
        return Tensor(values, shape: [1, 3, height, w])
    }

    /// The image turned 90° counter-clockwise (`np.rot90`).
    public func rotatedCounterClockwise() -> BGRImage {
        var out = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<width {
            for x in 0..<height {
                let source = (x * width + (width - 1 - y)) * 3
                for k in 0..<3 { out[(y * height + x) * 3 + k] = pixels[source + k] }
            }
        }
        return BGRImage(width: height, height: width, pixels: out)
    }

    /// As a PNG (RGB), for figures.
    public var png: PNGImage {
        var rgb = pixels
        for i in stride(from: 0, to: rgb.count, by: 3) { rgb.swapAt(i, i + 2) }
        return PNGImage(width: width, height: height, channels: 3, pixels: rgb)
    }
}
