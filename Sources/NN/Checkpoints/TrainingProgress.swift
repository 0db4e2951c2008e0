import Tensors

/// Where a training run stands: what a checkpoint needs, besides the model and the
/// optimizer, to continue with exactly the numbers of a run that never stopped.
///
/// `fit` saves and restores it (see `fit(resume:)` and `ResumeCheckpoint`); a hand-written
/// loop sets `loader.epoch = progress.epoch` after `Checkpoint.load`.
public struct TrainingProgress: Equatable {
    /// Epochs completed.
    public var epoch: Int
    /// Optimizer steps taken.
    public var step: Int
    /// The seed the data loader shuffles with.
    public var shuffleSeed: UInt64
    /// The history so far.
    public var history: History

    public init(epoch: Int, step: Int, shuffleSeed: UInt64, history: History = History()) {
        (self.epoch, self.step, self.shuffleSeed, self.history) = (epoch, step, shuffleSeed, history)
    }

    /// `training.epoch`, `training.step`, `training.shuffle_seed`, `training.history_epochs`,
    /// and one float64 column `history.<key>` per logged value.
    func tensors() -> [String: Tensor] {
        var out: [String: Tensor] = [
            "training.epoch": Tensor(ints: [epoch], shape: []),
            "training.step": Tensor(ints: [step], shape: []),
            "training.shuffle_seed": Tensor(ints: [Int(Int64(bitPattern: shuffleSeed))], shape: []),
            "training.history_epochs": Tensor(ints: history.epochs, shape: [history.epochs.count]),
        ]
        for (key, column) in history.values { out["history." + key] = Tensor(column, shape: [column.count], dtype: .float64) }
        return out
    }

    /// Reads the sections `tensors()` wrote (prefixes removed); nil when the checkpoint has none.
    init?(training: [String: Tensor], history: [String: Tensor]) throws {
        if training.isEmpty && history.isEmpty { return nil }
        var problems: [CheckpointError.Mismatch] = []
        func counter(_ name: String) -> Int {
            guard let t = training[name] else { problems.append(.missing(name: "training." + name, shape: [])); return 0 }
            switch StatefulOptimizer.count(t, name: "training." + name) {
            case .success(let n): return n
            case .failure(let problem): problems.append(problem); return 0
            }
        }
        let (epoch, step) = (counter("epoch"), counter("step"))
        var seed: UInt64 = 0
        if let t = training["shuffle_seed"], t.dtype == .int64, t.count == 1 {
            seed = UInt64(bitPattern: t.withUnsafeRawBytes { $0.load(as: Int64.self) })
        } else {
            problems.append(.missing(name: "training.shuffle_seed", shape: []))
        }
        var epochs: [Int] = []
        if let t = training["history_epochs"], t.dtype == .int64, t.rank == 1 {
            epochs = t.withUnsafeRawBytes { Array($0.bindMemory(to: Int64.self)).map { Int($0) } }
        } else {
            problems.append(.missing(name: "training.history_epochs", shape: [epoch]))
        }
        var record = History()
        for (key, column) in history {
            guard column.dtype == .float64, column.shape == [epochs.count] else {
                problems.append(.shape(name: "history." + key, expected: [epochs.count], found: column.shape)); continue
            }
        }
        guard problems.isEmpty else { throw CheckpointError.mismatch(problems) }
        let columns = history.mapValues(\.doubles)
        for (i, e) in epochs.enumerated() { record.record(epoch: e, columns.mapValues { $0[i] }) }
        self.init(epoch: epoch, step: step, shuffleSeed: seed, history: record)
    }
}
