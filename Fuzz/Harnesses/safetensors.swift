// Any bytes as a safetensors file: a value or CheckpointError, never a trap.
import Foundation
import Tensors
@testable import NN

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    _ = try? SafeTensors.decode(Data(bytes: start, count: count), source: "fuzz")
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        try SafeTensors.write(
            ["w": Tensor.randn([2, 3]), "b": Tensor.zeros([3], dtype: .float64), "i": Tensor(ints: [1, 2])],
            metadata: ["epoch": "1"], to: folder.appendingPathComponent("small.safetensors"))
        try SafeTensors.write([:], to: folder.appendingPathComponent("empty.safetensors"))
    }
}
