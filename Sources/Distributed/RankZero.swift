import Foundation
import NN
import Tensors

extension ProcessGroup {
    /// Writes a training checkpoint from rank 0 only, atomically (`Checkpoint.save`
    /// renames a complete temporary file over the old one), then waits for every rank,
    /// so no rank reads or replaces a checkpoint that is still being written.
    /// The file holds one model and one optimizer state, whatever the number of
    /// processes, so a run may resume from it with another `worldSize`.
    public func saveCheckpoint(model: Module, optimizer: Optimizer? = nil, metadata: [String: String] = [:], to url: URL) throws {
        if rank == 0 { try Checkpoint.save(model: model, optimizer: optimizer, metadata: metadata, to: url) }
        try barrier()
    }

    /// Sums per-rank totals (say correct predictions and examples) over the ranks, so
    /// every rank reports the metric of the whole evaluation set.
    public func reduceMetrics(_ totals: [String: Double]) throws -> [String: Double] {
        let names = totals.keys.sorted()
        let summed = try allReduce(names.map { totals[$0]! }, .sum)
        return Dictionary(uniqueKeysWithValues: zip(names, summed))
    }
}

extension Checkpoint {
    /// `Checkpoint.save` for a run on one process (`group` nil) or on several, where rank 0
    /// alone writes and every rank waits for it (`ProcessGroup.saveCheckpoint`).
    public static func save(
        model: Module, optimizer: Optimizer? = nil, metadata: [String: String] = [:], to url: URL,
        group: ProcessGroup?
    ) throws {
        if let group {
            try group.saveCheckpoint(model: model, optimizer: optimizer, metadata: metadata, to: url)
        } else {
            try save(model: model, optimizer: optimizer, metadata: metadata, to: url)
        }
    }
}
