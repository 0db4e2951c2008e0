import DeepLearning
import Distributed
import Foundation

/// `ddp check`: collectives and data-parallel training against one process on the whole batch.
enum Check {
    static func run(_ group: ProcessGroup) throws -> [String: Any] {
        var report: [String: Any] = [
            "worldSize": group.worldSize, "localWorldSize": group.localWorldSize, "threads": Threads.limit,
            "cores": ProcessInfo.processInfo.activeProcessorCount, "collectives": try collectives(group),
        ]
        let batch = 8, steps = 3
        func data(_ shape: [Int]) -> (Int) -> (Tensor, Tensor) {
            { step in Random.withSeed(UInt64(1000 + step)) { (Tensor.randn([batch] + shape), Tensor.randint(0, 3, [batch])) } }
        }
        func float64(_ f: @escaping (Int) -> (Tensor, Tensor)) -> (Int) -> (Tensor, Tensor) {
            {
                let (x, y) = f($0); return (x.to(.float64), y)
            }
        }
        report["mlp_float64"] = try equivalence(group, steps: steps, model: { CheckModels.MLP(dtype: .float64) }, data: float64(data([8])))
        report["mlp_float32"] = try equivalence(group, steps: steps, model: { CheckModels.MLP(dtype: .float32) }, data: data([8]))
        report["cnn_batchnorm_per_rank"] = try equivalence(group, steps: steps, model: { CheckModels.cnn() }, data: data([1, 8, 8]), perRankBatches: true)
        // Per-rank statistics are not the whole batch's: this difference is what they change.
        report["cnn_batchnorm_against_whole_batch"] = try equivalence(group, steps: steps, model: { CheckModels.cnn() }, data: data([1, 8, 8]))
        report["cnn_batchnorm_synchronised"] = try equivalence(
            group, steps: steps, model: { CheckModels.cnn(synchronisedOver: group) },
            reference: { CheckModels.cnn() }, data: data([1, 8, 8]))
        // Rank 1 leaves one parameter without a gradient.
        report["unused_parameter_float64"] = try equivalence(
            group, steps: steps, model: { CheckModels.PartlyUsed() },
            data: float64(data([8])), perRankBatches: true,
            configure: { ($0 as? CheckModels.PartlyUsed)?.usesBias = $1 == 0 })
        report["lstm"] = try equivalence(group, steps: steps, model: { CheckModels.Recurrent() }, data: data([6, 5]))
        return report
    }

    /// Each collective on rank-dependent values, compared with the expected result: 1 when right.
    static func collectives(_ group: ProcessGroup) throws -> [String: Bool] {
        let n = group.worldSize, r = Double(group.rank)
        let summed = Tensor([r, 2 * r], dtype: .float64)
        try group.allReduce(summed)
        let total = Double(n * (n - 1) / 2)
        let averaged = Tensor([r + 1], dtype: .float32)
        try group.allReduce(averaged, .average)
        let maximum = Tensor(ints: [group.rank])
        try group.allReduce(maximum, .max)
        let broadcast = Tensor([r + 7, r + 8], dtype: .float64)
        try group.broadcast(broadcast, from: n - 1)
        let gathered = try group.allGather(Tensor([r, -r], dtype: .float32))
        try group.barrier()
        return [
            "allReduceSum": summed.doubles == [total, 2 * total],
            "allReduceAverage": averaged.doubles == [Double(n + 1) / 2],
            "allReduceMax": maximum.ints == [n - 1],
            "broadcast": broadcast.doubles == [Double(n - 1) + 7, Double(n - 1) + 8],
            "allGather": gathered.shape == [n, 2] && gathered.doubles == (0..<n).flatMap { [Double($0), -Double($0)] },
        ]
    }

    /// Trains `model()` for `steps` SGD steps with data parallelism (each rank on its rows of
    /// the batch) and, in the same process, one copy on the whole batch; returns the largest
    /// parameter difference over all ranks (and rank 0's buffer difference). `reference()` makes
    /// the single-process model when it differs (BatchNorm in place of SyncBatchNorm);
    /// `configure(model, rank)` sets up the model for a rank's share before its forward pass.
    ///
    /// Each rank first initialises with its own seed, so the check also covers the broadcast
    /// of rank 0's parameters. With `perRankBatches` (BatchNorm with per-rank statistics) the
    /// single process runs the ranks' shares one after another, averaging their losses, and
    /// keeps the running statistics of the first share, which is what rank 0 keeps.
    static func equivalence(
        _ group: ProcessGroup, steps: Int, model makeModel: () -> Module, reference makeReference: (() -> Module)? = nil,
        data: (Int) -> (Tensor, Tensor), perRankBatches: Bool = false,
        configure: (Module, Int) -> Void = { _, _ in }
    ) throws -> [String: Any] {
        let model = Random.withSeed(UInt64(100 + group.rank)) { makeModel() }
        let ddp = try DistributedDataParallel(model, group: group, bucketBytes: 256)
        let reference = makeReference?() ?? makeModel()
        try reference.loadStateDict(model.stateDict())
        let optimizer = SGD(model.parameters(), lr: 0.1, momentum: 0.9)
        let referenceOptimizer = SGD(reference.parameters(), lr: 0.1, momentum: 0.9)
        let n = group.worldSize
        for step in 0..<steps {
            let (x, y) = data(step)
            let share = x.shape[0] / n
            func rows(_ t: Tensor, _ r: Int) -> Tensor { t.slice(axis: 0, start: r * share, end: (r + 1) * share) }
            optimizer.zeroGrad()
            configure(model, group.rank)
            try ddp.backward { crossEntropy(model(rows(x, group.rank)), rows(y, group.rank)) }
            optimizer.step()

            referenceOptimizer.zeroGrad()
            if perRankBatches {
                var firstBuffers: [String: Tensor] = [:]
                for r in 0..<n {
                    configure(reference, r)
                    (crossEntropy(reference(rows(x, r)), rows(y, r)) / Double(n)).backward()
                    if r == 0 { firstBuffers = reference.namedBuffers().reduce(into: [:]) { $0[$1.name] = $1.tensor.clone() } }
                }
                try reference.loadStateDict(firstBuffers, strict: false)
            } else {
                crossEntropy(reference(x), y).backward()
            }
            referenceOptimizer.step()
        }
        func largestDifference(_ a: [(name: String, tensor: Tensor)], _ b: [(name: String, tensor: Tensor)]) -> Double {
            zip(a, b).map { zip($0.tensor.doubles, $1.tensor.doubles).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
        }
        let parameterDifference = try group.allReduce([largestDifference(model.namedParameters(), reference.namedParameters())], .max)[0]
        let bufferDifference = try group.allReduce([group.rank == 0 ? largestDifference(model.namedBuffers(), reference.namedBuffers()) : 0], .max)[0]
        return [
            "maxParameterDifference": parameterDifference, "maxBufferDifferenceRank0": bufferDifference,
            "buckets": ddp.bucketCount, "bucketsStartedInBackward": ddp.lastBucketsStartedInBackward, "dtype": model.parameters()[0].dtype.rawValue,
            "parameters": model.parameterCount,
        ]
    }
}
