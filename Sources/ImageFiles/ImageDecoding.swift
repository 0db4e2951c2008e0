import CJPEG
import FileIO

/// The image formats `ImageDecoding` reads, told apart by their first bytes.
public enum ImageFormat: String, Sendable {
    case png, jpeg
}

/// What an image file says about itself before any pixel is decoded.
public struct ImageHeader: Equatable, Sendable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int

    public init(format: ImageFormat, width: Int, height: Int) {
        (self.format, self.width, self.height) = (format, width, height)
    }
}

/// Decodes PNG (libpng) and JPEG (libjpeg) bytes into an 8-bit `PNGImage`.
/// Read the header first to refuse an image too large to decode before
/// allocating its pixels, as a server must:
///
/// ```swift
/// let header = try ImageDecoding.header(of: bytes)
/// guard header.width * header.height <= 4096 * 4096 else { ... }
/// let image = try ImageDecoding.decode(bytes)      // 1 or 3 channels for JPEG, 1-4 for PNG
/// ```
public enum ImageDecoding {
    /// The format and size the bytes announce. Throws `badMagicNumber` for bytes that are
    /// neither PNG nor JPEG, `truncated` when they end inside the header.
    public static func header(of data: [UInt8], path: String = "<memory>") throws -> ImageHeader {
        switch try format(of: data, path: path) {
        case .png:
            // Signature (8), IHDR length and type (8), then width and height, big-endian.
            guard data.count >= 24 else { throw DatasetError.truncated(path: path, expectedBytes: 24, actualBytes: data.count) }
            guard data[12..<16].elementsEqual("IHDR".utf8) else {
                throw DatasetError.corrupt(path: path, reason: "PNG: the first chunk is not IHDR")
            }
            func int(_ at: Int) -> Int { data[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
            return ImageHeader(format: .png, width: int(16), height: int(20))
        case .jpeg:
            let (width, height, _) = try jpegHeader(data, path)
            return ImageHeader(format: .jpeg, width: width, height: height)
        }
    }

    /// Decodes PNG or JPEG bytes. Check `header(of:)` first when the bytes come from
    /// outside: decoding allocates width × height × channels bytes.
    public static func decode(_ data: [UInt8], path: String = "<memory>") throws -> PNGImage {
        let header = try header(of: data, path: path)
        guard header.width > 0 && header.height > 0 else {
            throw DatasetError.corrupt(path: path, reason: "image size \(header.width)x\(header.height) has no pixels")
        }
        if header.format == .png { return try PNGImage(data: data, path: path) }
        let channels = try jpegHeader(data, path).channels
        var pixels = [UInt8](repeating: 0, count: header.width * header.height * channels)
        try jpegCall(path) { message in
            data.withUnsafeBufferPointer { source in
                pixels.withUnsafeMutableBufferPointer { cjpeg_decode(source.baseAddress, source.count, $0.baseAddress, $0.count, message, 256) }
            }
        }
        return PNGImage(width: header.width, height: header.height, channels: channels, pixels: pixels)
    }

    static func format(of data: [UInt8], path: String) throws -> ImageFormat {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
        if data.starts(with: png) { return .png }
        if data.starts(with: jpeg) { return .jpeg }
        if !data.isEmpty && (png.starts(with: data) || jpeg.starts(with: data)) {
            throw DatasetError.truncated(path: path, expectedBytes: 24, actualBytes: data.count)
        }
        let found = data.prefix(8).map { String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        throw DatasetError.badMagicNumber(path: path, expected: "a PNG (89 50 4E 47) or JPEG (FF D8 FF) signature", found: found)
    }

    private static func jpegHeader(_ data: [UInt8], _ path: String) throws -> (width: Int, height: Int, channels: Int) {
        var (width, height, channels): (Int32, Int32, Int32) = (0, 0, 0)
        try jpegCall(path) { message in
            data.withUnsafeBufferPointer { cjpeg_read_header($0.baseAddress, $0.count, &width, &height, &channels, message, 256) }
        }
        return (Int(width), Int(height), Int(channels))
    }

    /// Runs a libjpeg shim call; a failure becomes `truncated` or `corrupt` with libjpeg's message.
    private static func jpegCall(_ path: String, _ call: (UnsafeMutablePointer<CChar>) -> Int32) throws {
        var message = [CChar](repeating: 0, count: 256)
        let status = message.withUnsafeMutableBufferPointer { call($0.baseAddress!) }
        guard status == 0 else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw DatasetError.corrupt(path: path, reason: "JPEG: \(text)")
        }
    }
}
