import Foundation
import Tensors
@testable import Datasets

/// A fresh empty directory under the system's temporary folder.
func temporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("DatasetsTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// A dataset of `n` examples where example i has input [i, i + 0.5] and target i.
func countingDataset(_ n: Int) -> TensorDataset {
    let inputs = (0..<n).flatMap { [Float($0), Float($0) + 0.5] }
    return TensorDataset(inputs: Tensor(inputs, shape: [n, 2]), targets: Tensor(ints: Array(0..<n)))
}

/// The same examples as `countingDataset`, but served one tensor at a time
/// (not tensor-backed), so the loader takes its general path.
struct CountingExamples: Dataset {
    let count: Int
    func example(_ index: Int) -> (input: Tensor, target: Tensor) {
        (Tensor([Float(index), Float(index) + 0.5], shape: [2]), Tensor(ints: [index], shape: []))
    }
}

/// All batches of one pass, as plain values.
func collect(_ batches: some Sequence<DataLoader.Batch>) -> [(inputs: [Float], inputShape: [Int], targets: [Int])] {
    batches.map { ($0.input.scalars, $0.input.shape, $0.target.ints) }
}
