import Datasets

/// Which examples each rank visits in an epoch (`torch.utils.data.DistributedSampler`).
///
/// The epoch's order (a permutation seeded by `seed` and the epoch, the same on every
/// rank, or `0..<count` without shuffling) is cut to a multiple of `worldSize`: without
/// `dropLast` it is padded by repeating its first examples, with `dropLast` its tail is
/// dropped. Rank `r` then takes positions `r, r + worldSize, r + 2·worldSize, ...`, so the
/// ranks' shares are disjoint (up to the padding) and equally long.
///
/// ```swift
/// let sampler = DistributedSampler(count: train.count, worldSize: group.worldSize, rank: group.rank, seed: 1)
/// let loader = DataLoader(sampler.subset(of: train, epoch: epoch), batchSize: 64 / group.worldSize)
/// ```
public struct DistributedSampler: Sendable {
    public let count: Int
    public let worldSize: Int
    public let rank: Int
    public let shuffle: Bool
    public let seed: UInt64
    public let dropLast: Bool

    public init(count: Int, worldSize: Int, rank: Int, shuffle: Bool = true, seed: UInt64 = 0, dropLast: Bool = false) throws {
        guard count >= 0, worldSize >= 1, (0..<worldSize).contains(rank) else {
            throw DistributedError.invalidArgument(
                "DistributedSampler: need count ≥ 0, worldSize ≥ 1 and 0 ≤ rank < worldSize; got \(count), \(worldSize), \(rank)")
        }
        self.count = count
        self.worldSize = worldSize
        self.rank = rank
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
    }

    /// Examples per rank and epoch.
    public var samplesPerRank: Int {
        dropLast ? count / worldSize : (count + worldSize - 1) / worldSize
    }

    /// This rank's dataset indices for `epoch`.
    public func indices(epoch: Int) -> [Int] {
        var order = shuffle ? permutation(count, seed: derivedSeed(seed, epoch)) : Array(0..<count)
        let total = samplesPerRank * worldSize
        if order.count > total {
            order.removeLast(order.count - total)
        } else if !order.isEmpty {
            let base = order
            while order.count < total { order.append(contentsOf: base.prefix(total - order.count)) }
        }
        return Array(stride(from: rank, to: order.count, by: worldSize).map { order[$0] })
    }

    /// This rank's examples for `epoch`, in the order to visit them.
    public func subset(of dataset: any Dataset, epoch: Int) -> Subset {
        Subset(dataset, indices: indices(epoch: epoch))
    }
}
