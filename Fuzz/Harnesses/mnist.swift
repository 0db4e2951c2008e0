// Any bytes as an MNIST images file and labels file (the first byte says where to split),
// made into a dataset both flattened and not.
import Foundation
import Tensors
@testable import Datasets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let first = bytes.first else { return 0 }
    let rest = Array(bytes.dropFirst())
    let cut = rest.count * Int(first) / 255
    guard let images = try? IDXArray(bytes: Array(rest[..<cut])), let labels = try? IDXArray(bytes: Array(rest[cut...])) else { return 0 }
    for flatten in [false, true] {
        _ = try? MNIST.dataset(images: images, labels: labels, imagesPath: "images", labelsPath: "labels", flatten: flatten)
    }
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        let images = IDXArray(Tensor.zeros([2, 3, 3]), as: .uint8).bytes, labels = IDXArray(Tensor([1, 7], shape: [2]), as: .uint8).bytes
        let cut = UInt8(255 * images.count / (images.count + labels.count))
        try Data([cut] + images + labels).write(to: folder.appendingPathComponent("two-images"))
    }
}
