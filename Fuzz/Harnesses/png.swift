// Any bytes as a PNG file, converted to a tensor when they decode.
import Foundation
import Tensors
@testable import ImageFiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    if let image = try? PNGImage(data: Array(UnsafeRawBufferPointer(start: start, count: count))) { _ = image.tensor() }
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        for channels in 1...4 {
            let pixels = (0..<(3 * 2 * channels)).map { UInt8(truncatingIfNeeded: $0 * 37) }
            try PNGImage(width: 3, height: 2, channels: channels, pixels: pixels).write(to: folder.appendingPathComponent("c\(channels).png"))
        }
    }
}
