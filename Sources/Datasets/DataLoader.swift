import Foundation
import Tensors

/// Iterates over a dataset in mini-batches (`torch.utils.data.DataLoader`).
///
/// ```swift
/// let loader = DataLoader(train, batchSize: 64, shuffle: true, seed: 1)
/// for epoch in 0..<5 {
///     for (x, y) in loader { ... }      // x: [64, 1, 28, 28], y: [64]
/// }
/// ```
/// Each batch stacks the examples' inputs (and targets) along a new first
/// dimension, copying their memory straight into one tensor.
///
/// Shuffling is reproducible: epoch `k` visits the examples in an order that
/// depends only on `seed` and `k`, so a run gives the same batches whatever
/// else the program did before (and whether or not it prefetches). Every `for`
/// loop over the loader is the next epoch; set `epoch` to resume elsewhere, or
/// ask for one epoch's batches with `batches(epoch:)`.
///
/// With `prefetch` the next batch is assembled on a background thread while the
/// current one is in use. Batches are pure functions of (seed, epoch, batch
/// number), so prefetching changes only the timing, never the values.
public final class DataLoader: Sequence {
    public typealias Batch = (input: Tensor, target: Tensor)

    public let dataset: any Dataset
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    public let seed: UInt64
    public let prefetch: Bool
    /// The epoch the next `for` loop over the loader runs (starts at 0).
    public var epoch = 0

    private let rows: ContiguousRows?

    public init(
        _ dataset: any Dataset, batchSize: Int, shuffle: Bool = false, dropLast: Bool = false,
        seed: UInt64 = 0, prefetch: Bool = true
    ) {
        precondition(batchSize > 0, "DataLoader: batchSize must be positive, got \(batchSize)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.seed = seed
        self.prefetch = prefetch
        self.rows = ContiguousRows(dataset)
    }

    /// Number of batches in one epoch.
    public var count: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    public var underestimatedCount: Int { count }

    /// The order in which epoch `epoch` visits the examples.
    public func order(epoch: Int) -> [Int] {
        shuffle ? permutation(dataset.count, seed: derivedSeed(seed, epoch)) : Array(0..<dataset.count)
    }

    /// The batches of one epoch; does not change `epoch`.
    public func batches(epoch: Int) -> Iterator {
        Iterator(loader: self, epoch: epoch, order: order(epoch: epoch))
    }

    /// The batches of the next epoch, then advances `epoch`.
    public func makeIterator() -> Iterator {
        defer { epoch += 1 }
        return batches(epoch: epoch)
    }

    /// Assembles batch `number` of an epoch whose example order is `order`.
    func batch(_ number: Int, epoch: Int, order: [Int]) -> Batch {
        let indices = Array(order[number * batchSize..<Swift.min((number + 1) * batchSize, order.count)])
        if let rows { return rows.batch(indices) }
        return stackExamples(indices.map { dataset.example($0, epoch: epoch) }, indices: indices)
    }

    /// The batches of one epoch. Sequence and iterator in one, so `for` works on it.
    public final class Iterator: IteratorProtocol, Sequence {
        private let loader: DataLoader
        private let epoch: Int
        private let order: [Int]
        private var nextBatch = 0
        private var pending: PendingBatch?

        init(loader: DataLoader, epoch: Int, order: [Int]) {
            self.loader = loader
            self.epoch = epoch
            self.order = order
        }

        public func next() -> Batch? {
            guard nextBatch < loader.count else { return nil }
            let batch = pending?.wait() ?? loader.batch(nextBatch, epoch: epoch, order: order)
            nextBatch += 1
            pending = nil
            if loader.prefetch && nextBatch < loader.count {
                let (loader, number, epoch, order) = (loader, nextBatch, epoch, order)
                pending = PendingBatch { loader.batch(number, epoch: epoch, order: order) }
            }
            return batch
        }
    }
}

/// A batch being assembled on a background queue; `wait()` blocks until it is ready.
/// The work runs with the caller's task-local state (`noGrad`, `Random.withSeed`).
private final class PendingBatch: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: DataLoader.Batch?

    init(_ work: @escaping () -> DataLoader.Batch) {
        let context = TaskContext.current
        // The dataset is read by one batch at a time: `next()` waits for this one before it
        // assembles or starts another, so the work may cross to the queue unchecked.
        nonisolated(unsafe) let work = work
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = context.run(work)
            self.done.signal()
        }
    }

    func wait() -> DataLoader.Batch {
        done.wait()
        return result!
    }
}

/// Copies whole examples (all inputs, then all targets) into two batch tensors.
private func stackExamples(_ examples: [(input: Tensor, target: Tensor)], indices: [Int]) -> DataLoader.Batch {
    func stacked(_ parts: [Tensor], _ role: String) -> Tensor {
        let first = parts[0]
        let out = Tensor.zeros([parts.count] + first.shape, dtype: first.dtype)
        out.withUnsafeMutableRawBytes { dst in
            let size = first.count * first.dtype.byteCount
            for (k, part) in parts.enumerated() {
                precondition(
                    part.shape == first.shape && part.dtype == first.dtype,
                    "DataLoader: example \(indices[k]) has \(role) \(part.shape) \(part.dtype), example \(indices[0]) has \(first.shape) \(first.dtype); examples in a batch must match"
                )
                part.withUnsafeRawBytes { src in
                    (dst.baseAddress! + k * size).copyMemory(from: src.baseAddress!, byteCount: size)
                }
            }
        }
        return out
    }
    return (stacked(examples.map(\.input), "input"), stacked(examples.map(\.target), "target"))
}

/// A dataset that is two tensors underneath (a `TensorDataset`, an `ImageFolder`).
protocol TensorBacked { var tensors: TensorDataset { get } }

extension TensorDataset: TensorBacked { var tensors: TensorDataset { self } }
extension ImageFolder: TensorBacked { var tensors: TensorDataset { images } }

/// The fast path for a tensor-backed dataset (or a `Subset` of one): a batch is
/// a gather of rows from two contiguous tensors, with no tensor per example.
private struct ContiguousRows {
    let inputs: Tensor
    let targets: Tensor
    let indexMap: [Int]?

    init?(_ dataset: any Dataset) {
        if let backed = dataset as? TensorBacked {
            (inputs, targets, indexMap) = (backed.tensors.inputs, backed.tensors.targets, nil)
        } else if let subset = dataset as? Subset, let base = ContiguousRows(subset.base) {
            (inputs, targets) = (base.inputs, base.targets)
            indexMap = subset.indices.map { base.indexMap?[$0] ?? $0 }
        } else {
            return nil
        }
    }

    func batch(_ indices: [Int]) -> DataLoader.Batch {
        let rows = indices.map { indexMap?[$0] ?? $0 }
        return (gather(rows, from: inputs), gather(rows, from: targets))
    }

    private func gather(_ rows: [Int], from source: Tensor) -> Tensor {
        let out = Tensor.zeros([rows.count] + source.shape.dropFirst(), dtype: source.dtype)
        let rowBytes = source.count / max(1, source.shape[0]) * source.dtype.byteCount
        source.withUnsafeRawBytes { src in
            out.withUnsafeMutableRawBytes { dst in
                for (k, row) in rows.enumerated() {
                    (dst.baseAddress! + k * rowBytes).copyMemory(from: src.baseAddress! + row * rowBytes, byteCount: rowBytes)
                }
            }
        }
        return out
    }
}
