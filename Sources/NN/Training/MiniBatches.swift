import Datasets
import Tensors

/// Batches of a dataset for `fit`, `evaluate` and `predict`: examples stacked
/// along a new first dimension, in shuffled order when asked. Each pass over it
/// (each epoch) draws a new order from its own generator, seeded once, so a run
/// is reproducible. Same interface as Datasets' `DataLoader`.
final class MiniBatches: Sequence {
    let dataset: Dataset
    let batchSize: Int
    let shuffle: Bool
    let dropLast: Bool
    private var generator: Tensors.Generator

    init(_ dataset: Dataset, batchSize: Int, shuffle: Bool = false, dropLast: Bool = false, seed: UInt64 = 0) {
        precondition(batchSize > 0, "MiniBatches: batchSize must be positive, got \(batchSize)")
        (self.dataset, self.batchSize, self.shuffle, self.dropLast) = (dataset, batchSize, shuffle, dropLast)
        generator = Tensors.Generator(seed: seed)
    }

    /// Number of batches per pass.
    var count: Int { dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize }

    func makeIterator() -> AnyIterator<(input: Tensor, target: Tensor)> {
        var order = Array(0..<dataset.count)
        if shuffle { order.shuffle(using: &generator) }
        let (dataset, batchSize, batches) = (dataset, batchSize, count)
        var next = 0
        return AnyIterator {
            guard next < batches else { return nil }
            let indices = order[(next * batchSize)..<Swift.min((next + 1) * batchSize, order.count)]
            next += 1
            let examples = indices.map { dataset.example($0) }
            return (stack(examples.map(\.input)), stack(examples.map(\.target)))
        }
    }
}
