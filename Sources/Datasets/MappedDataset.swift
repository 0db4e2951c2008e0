import Tensors

/// A dataset whose inputs pass through a transform when read (torchvision's
/// `transform=`). Targets are unchanged.
///
/// A deterministic transform sees only the input:
/// ```swift
/// let centred = MappedDataset(train) { x in (x - 0.1307) / 0.3081 }
/// ```
/// A random augmentation gets its own generator, seeded from `seed`, the epoch
/// and the example index, so it draws new values every epoch yet gives the same
/// batches on every run, with or without the loader's prefetching. Do not use
/// the global `Random` inside a transform: the loader may call it on another thread.
/// ```swift
/// let noisy = MappedDataset(train, seed: 7) { x, rng in x + Tensor.full(x.shape, 0.1 * rng.normal()) }
/// ```
public struct MappedDataset: Dataset {
    public let base: any Dataset
    private let transform: (Tensor, inout Generator) -> Tensor
    private let seed: UInt64?

    /// A deterministic input transform.
    public init(_ base: any Dataset, transform: @escaping (Tensor) -> Tensor) {
        self.base = base
        self.transform = { x, _ in transform(x) }
        self.seed = nil
    }

    /// A random input transform, reproducible from `seed`.
    public init(_ base: any Dataset, seed: UInt64, transform: @escaping (Tensor, inout Generator) -> Tensor) {
        self.base = base
        self.transform = transform
        self.seed = seed
    }

    public var count: Int { base.count }

    public func example(_ index: Int) -> (input: Tensor, target: Tensor) { example(index, epoch: 0) }

    public func example(_ index: Int, epoch: Int) -> (input: Tensor, target: Tensor) {
        let (input, target) = base.example(index, epoch: epoch)
        var generator = Generator(seed: derivedSeed(derivedSeed(seed ?? 0, epoch), index))
        return (transform(input, &generator), target)
    }
}

extension Dataset {
    /// This dataset with `transform` applied to every input.
    public func mapInputs(_ transform: @escaping (Tensor) -> Tensor) -> MappedDataset {
        MappedDataset(self, transform: transform)
    }
}
