// Any bytes as an uploaded image: the header is read first and only images of at most
// 2048x2048 pixels are decoded, as the model server does (Sources/Serving).
import Foundation
import Tensors
@testable import ImageFiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let header = try? ImageDecoding.header(of: bytes),
        header.width > 0, header.height > 0, header.width <= 2048, header.height <= 2048
    else { return 0 }
    if let image = try? ImageDecoding.decode(bytes) { _ = image.tensor() }
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        let pixels = (0..<(5 * 4 * 3)).map { UInt8(truncatingIfNeeded: $0 * 37) }
        try PNGImage(width: 5, height: 4, channels: 3, pixels: pixels).write(to: folder.appendingPathComponent("rgb.png"))
        // No JPEG writer in the library: the test fixtures (made by Pillow) are the JPEG seeds.
        for name in ["colour", "progressive", "grey"] {
            try FileManager.default.copyItem(
                atPath: "Tests/ServingTests/Fixtures/\(name).jpg",
                toPath: folder.appendingPathComponent("\(name).jpg").path)
        }
    }
}
