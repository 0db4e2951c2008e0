// Any bytes as an ONNX model: opening it throws ONNXError or succeeds, and running the
// model on a small image throws ONNXError or returns; nothing traps.
import Foundation
import Interop
import NN
import Tensors

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-onnx-\(getpid()).onnx")
    guard (try? Data(bytes: start, count: count).write(to: url)) != nil, let model = try? ONNXModel(contentsOf: url) else { return 0 }
    var inputs: [String: Tensor] = [:]
    for name in model.inputNames { inputs[name] = Tensor.randn([1, 1, 8, 8]) }
    _ = try? model.run(inputs)
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        Random.seed(0)
        let model = Sequential {
            Conv2d(1, 2, kernelSize: 3, padding: 1); BatchNorm2d(2); ReLU6(); MaxPool2d(2)
            Flatten(); Linear(32, 3); Softmax(axis: 1)
        }
        model.eval()
        try model.exportONNX(to: folder.appendingPathComponent("small.onnx"), example: Tensor.randn([1, 1, 8, 8]))
    }
}
