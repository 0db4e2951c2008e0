import Tensors

/// The examples of `base` at `indices`, in that order (`torch.utils.data.Subset`).
public struct Subset: Dataset {
    public let base: any Dataset
    public let indices: [Int]

    public init(_ base: any Dataset, indices: [Int]) {
        for i in indices {
            precondition(i >= 0 && i < base.count, "Subset: index \(i) is out of range for a dataset of \(base.count) examples")
        }
        self.base = base
        self.indices = indices
    }

    public var count: Int { indices.count }
    public func example(_ index: Int) -> (input: Tensor, target: Tensor) { base.example(indices[index]) }
    public func example(_ index: Int, epoch: Int) -> (input: Tensor, target: Tensor) {
        base.example(indices[index], epoch: epoch)
    }
}

/// Splits a dataset into non-overlapping random subsets of the given sizes
/// (`torch.utils.data.random_split`). The same seed gives the same split.
///
/// ```swift
/// let parts = randomSplit(digits, [1500, 297], seed: 42)
/// let (train, validation) = (parts[0], parts[1])
/// ```
public func randomSplit(_ dataset: any Dataset, _ lengths: [Int], seed: UInt64 = 0) -> [Subset] {
    precondition(lengths.allSatisfy { $0 >= 0 }, "randomSplit: lengths \(lengths) must not be negative")
    precondition(
        lengths.reduce(0, +) == dataset.count,
        "randomSplit: lengths \(lengths) add up to \(lengths.reduce(0, +)), the dataset has \(dataset.count) examples")
    let order = permutation(dataset.count, seed: seed)
    var start = 0
    return lengths.map { length in
        defer { start += length }
        return Subset(dataset, indices: Array(order[start..<start + length]))
    }
}
