// Any bytes as an IDX array, converted to a tensor when they parse.
import Foundation
import Tensors
@testable import Datasets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let array = try? IDXArray(bytes: bytes) { _ = array.tensor() }
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        try IDXArray(Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3]), as: .uint8).write(to: folder.appendingPathComponent("u8.idx"))
        try IDXArray(Tensor([0.5, -2], shape: [2]), as: .float64).write(to: folder.appendingPathComponent("f64.idx"))
        try IDXArray(Tensor([1, 2, 3, 4], shape: [1, 2, 2]), as: .int16).write(to: folder.appendingPathComponent("i16.idx"))
    }
}
