// Any bytes as a training checkpoint for a small model with batch norm and Adam:
// loading throws CheckpointError or succeeds, and a training step after it does not trap.
import Foundation
@testable import NN
import Tensors

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let (tensors, _) = try? SafeTensors.decode(Data(bytes: start, count: count), source: "fuzz") else { return 0 }
    let model = Sequential {
        Linear(3, 4); BatchNorm1d(4); ReLU(); Linear(4, 2)
    }
    let optimizer = Adam(model.parameters(), lr: 1e-3)
    guard (try? Checkpoint.apply(tensors, model: model, optimizer: optimizer, restoreRandom: true)) != nil else { return 0 }
    let loss = model(Tensor.randn([5, 3])).sum()
    optimizer.zeroGrad()
    loss.backward()
    optimizer.step()
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked { folder in
        let model = Sequential {
            Linear(3, 4); BatchNorm1d(4); ReLU(); Linear(4, 2)
        }
        let optimizer = Adam(model.parameters(), lr: 1e-3)
        let loss = model(Tensor.randn([5, 3])).sum()
        optimizer.zeroGrad(); loss.backward(); optimizer.step()
        var history = History()
        history.record(epoch: 0, ["loss": 1.5])
        try Checkpoint.save(
            model: model, optimizer: optimizer, progress: TrainingProgress(epoch: 1, step: 1, shuffleSeed: 7, history: history),
            to: folder.appendingPathComponent("checkpoint.safetensors"))
    }
}
