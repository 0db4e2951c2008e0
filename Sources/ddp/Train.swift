import DeepLearning
import Distributed
import Foundation

/// `ddp train [--distributed]`: an MLP on the shipped digits, data-parallel under mpirun.
/// Reports the time per step spent computing and waiting for gradients, and the time of
/// a plain all-reduce of all gradient bytes (the communication cost of a step).
enum Train {
    struct Options {
        var distributed = false
        var epochs = 3
        var batch = 64
        var hidden = 256
        var checkpoint: URL?
        var timeout = 300.0
    }

    static func run(_ options: Options, group: ProcessGroup?) throws -> [String: Any] {
        let rank = group?.rank ?? 0, worldSize = group?.worldSize ?? 1
        guard options.batch % worldSize == 0 else {
            throw DistributedError.invalidArgument("the global batch \(options.batch) must be a multiple of the \(worldSize) processes")
        }
        let digits = try Digits.load(flatten: true)
        let parts = randomSplit(digits, [1500, digits.count - 1500], seed: 0)
        Random.seed(1)
        let model = Sequential([Linear(64, options.hidden), ReLU(), Linear(options.hidden, options.hidden), ReLU(), Linear(options.hidden, 10)])
        let optimizer = SGD(model.parameters(), lr: 0.05, momentum: 0.9)
        var firstEpoch = 0
        if let url = options.checkpoint, FileManager.default.fileExists(atPath: url.path) {
            let loaded = try Checkpoint.load(from: url, model: model, optimizer: optimizer)
            firstEpoch = Int(loaded.metadata["epoch"] ?? "") ?? 0
        }
        let ddp = try group.map { try DistributedDataParallel(model, group: $0) }
        let sampler = try DistributedSampler(count: parts[0].count, worldSize: worldSize, rank: rank, seed: 7)
        var computeSeconds = 0.0, waitSeconds = 0.0, steps = 0
        var accuracy = 0.0
        for epoch in firstEpoch..<options.epochs {
            model.train()
            let loader = DataLoader(sampler.subset(of: parts[0], epoch: epoch), batchSize: options.batch / worldSize, prefetch: false)
            for (x, y) in loader {
                let start = Date()
                optimizer.zeroGrad()
                if let ddp {
                    try ddp.backward { crossEntropy(model(x), y) }
                    waitSeconds += ddp.lastWaitSeconds
                } else {
                    crossEntropy(model(x), y).backward()
                }
                optimizer.step()
                computeSeconds += Date().timeIntervalSince(start)
                steps += 1
            }
            model.eval()
            // Each rank scores every worldSize-th validation example; the counts are summed over ranks.
            let mine = Subset(parts[1], indices: Array(stride(from: rank, to: parts[1].count, by: worldSize)))
            var totals = ["correct": 0.0, "examples": 0.0]
            for (x, y) in DataLoader(mine, batchSize: 512, prefetch: false) {
                let predictions = noGrad { model(x).argmax(axis: 1).ints }
                totals["correct"]! += Double(zip(predictions, y.ints).filter { $0 == $1 }.count)
                totals["examples"]! += Double(y.count)
            }
            if let group { totals = try group.reduceMetrics(totals) }
            accuracy = totals["correct"]! / totals["examples"]!
            if let url = options.checkpoint {
                try Checkpoint.save(model: model, optimizer: optimizer, metadata: ["epoch": "\(epoch + 1)"], to: url, group: group)
            }
        }
        var report: [String: Any] = [
            "processes": worldSize, "threadsPerProcess": Threads.limit, "steps": steps,
            "secondsPerStep": computeSeconds / Double(max(steps, 1)),
            "waitSecondsPerStep": waitSeconds / Double(max(steps, 1)),
            "validationAccuracy": accuracy, "gradientBytes": model.parameters().reduce(0) { $0 + $1.count * 4 },
        ]
        if let group { report["allReduceSecondsPerStep"] = try allReduceTime(model, group) }
        return report
    }

    /// Seconds of one blocking all-reduce of every gradient (median of 21), without compute to hide it.
    static func allReduceTime(_ model: Module, _ group: ProcessGroup) throws -> Double {
        let flat = Tensor.zeros([model.parameterCount])
        var times: [Double] = []
        for _ in 0..<21 {
            try group.barrier()
            let start = Date()
            try group.allReduce(flat, .average)
            times.append(Date().timeIntervalSince(start))
        }
        return times.sorted()[times.count / 2]
    }
}
