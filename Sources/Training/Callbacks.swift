import Foundation
import Tensors

/// What callbacks see and may change during `fit`.
public final class TrainingContext {
    public let model: Module
    public let optimizer: Optimizer
    public internal(set) var history: History
    /// The current epoch (0-based).
    public internal(set) var epoch = 0
    /// Batches trained so far, over all epochs.
    public internal(set) var globalStep = 0
    /// The seed the training data is shuffled with.
    public internal(set) var shuffleSeed: UInt64 = 0
    /// Set to true to end training after the current epoch (Keras' `model.stop_training`).
    public var stopTraining = false

    init(model: Module, optimizer: Optimizer, history: History) {
        (self.model, self.optimizer, self.history) = (model, optimizer, history)
    }
}

/// Hooks into `fit` (Keras callbacks). Every method has an empty default.
public protocol Callback: AnyObject {
    func onTrainBegin(_ context: TrainingContext) throws
    func onEpochBegin(_ epoch: Int, _ context: TrainingContext) throws
    func onBatchEnd(_ batch: Int, loss: Double, _ context: TrainingContext) throws
    /// `logs` holds this epoch's values (`"loss"`, `"val_loss"`, metrics, `"lr"`).
    func onEpochEnd(_ epoch: Int, logs: [String: Double], _ context: TrainingContext) throws
    func onTrainEnd(_ context: TrainingContext) throws
}

extension Callback {
    public func onTrainBegin(_ context: TrainingContext) throws {}
    public func onEpochBegin(_ epoch: Int, _ context: TrainingContext) throws {}
    public func onBatchEnd(_ batch: Int, loss: Double, _ context: TrainingContext) throws {}
    public func onEpochEnd(_ epoch: Int, logs: [String: Double], _ context: TrainingContext) throws {}
    public func onTrainEnd(_ context: TrainingContext) throws {}
}

/// Errors from `fit` / `evaluate` caused by their arguments.
public enum TrainingError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case emptyDataset(String)
    /// A callback monitors a value that the logs do not have.
    case unknownMonitor(String, available: [String])
    /// `fit(resume:)` got a checkpoint without training progress (saved without `progress`).
    case notResumable(String)

    public var description: String {
        switch self {
        case let .emptyDataset(role): return "the \(role) dataset is empty"
        case let .unknownMonitor(name, available):
            return "cannot monitor \"\(name)\": the logs have \(available.joined(separator: ", ")) (pass validation data for val_ values)"
        case let .notResumable(path):
            return "\(path) holds no training progress; write it with ResumeCheckpoint or Checkpoint.save(progress:)"
        }
    }
    public var errorDescription: String? { description }
}

/// Whether a monitored value should go down or up.
public enum MonitorMode: Sendable {
    case min, max
    /// `max` for names containing "acc", else `min`.
    case auto
}

/// The best value seen so far of one log entry, and whether a new value improves on it by more than `minDelta`.
struct MonitoredValue {
    let name: String
    let minDelta: Double
    let lowerIsBetter: Bool
    private(set) var best: Double?

    init(_ name: String, mode: MonitorMode, minDelta: Double) {
        self.name = name
        self.minDelta = abs(minDelta)
        switch mode {
        case .min: lowerIsBetter = true
        case .max: lowerIsBetter = false
        case .auto: lowerIsBetter = !name.contains("acc")
        }
    }

    func read(_ logs: [String: Double]) throws -> Double {
        guard let value = logs[name] else { throw TrainingError.unknownMonitor(name, available: logs.keys.sorted()) }
        return value
    }

    /// Records `value` as the best if it improves; returns whether it did.
    mutating func update(_ value: Double) -> Bool {
        guard let best else { self.best = value; return true }
        let improved = lowerIsBetter ? value < best - minDelta : value > best + minDelta
        if improved { self.best = value }
        return improved
    }
}

/// Stops training when a monitored value stops improving for `patience` epochs
/// (Keras `EarlyStopping`). With `restoreBestWeights`, the model ends with the
/// weights of its best epoch.
public final class EarlyStopping: Callback {
    private var monitor: MonitoredValue
    public let patience: Int
    public let restoreBestWeights: Bool
    /// Epoch of the best value, and the epoch training stopped at (nil if it ran to the end).
    public private(set) var bestEpoch: Int?
    public private(set) var stoppedEpoch: Int?
    private var wait = 0
    private var bestWeights: [String: Tensor]?

    public init(
        monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, mode: MonitorMode = .auto,
        restoreBestWeights: Bool = false
    ) {
        self.monitor = MonitoredValue(monitor, mode: mode, minDelta: minDelta)
        (self.patience, self.restoreBestWeights) = (patience, restoreBestWeights)
    }

    /// The best monitored value so far.
    public var best: Double? { monitor.best }

    public func onTrainBegin(_ context: TrainingContext) throws {
        monitor = MonitoredValue(monitor.name, mode: monitor.lowerIsBetter ? .min : .max, minDelta: monitor.minDelta)
        (wait, bestEpoch, stoppedEpoch, bestWeights) = (0, nil, nil, nil)
    }

    public func onEpochEnd(_ epoch: Int, logs: [String: Double], _ context: TrainingContext) throws {
        if monitor.update(try monitor.read(logs)) {
            (wait, bestEpoch) = (0, epoch)
            if restoreBestWeights { bestWeights = context.model.stateDict().mapValues { $0.clone() } }
            return
        }
        wait += 1
        if wait >= patience {
            stoppedEpoch = epoch
            context.stopTraining = true
        }
    }

    public func onTrainEnd(_ context: TrainingContext) throws {
        if let bestWeights { try context.model.loadStateDict(bestWeights) }
    }
}

/// Saves the model after an epoch (atomically, safetensors), by default only
/// when the monitored value improved (Keras `ModelCheckpoint(save_best_only=True)`).
/// The file's metadata records the epoch and the monitored value.
public final class ModelCheckpoint: Callback {
    public let url: URL
    public let saveBestOnly: Bool
    private var monitor: MonitoredValue
    /// Epochs at which the file was written.
    public private(set) var savedEpochs: [Int] = []

    public init(_ url: URL, monitor: String = "val_loss", mode: MonitorMode = .auto, saveBestOnly: Bool = true) {
        self.url = url
        self.saveBestOnly = saveBestOnly
        self.monitor = MonitoredValue(monitor, mode: mode, minDelta: 0)
    }

    public func onEpochEnd(_ epoch: Int, logs: [String: Double], _ context: TrainingContext) throws {
        let value = try monitor.read(logs)
        guard monitor.update(value) || !saveBestOnly else { return }
        try context.model.save(to: url, metadata: ["epoch": String(epoch), monitor.name: String(value)])
        savedEpochs.append(epoch)
    }
}

/// Steps a learning-rate scheduler during `fit`: after every epoch, or after every batch
/// (OneCycleLR, NoamLR, warmup).
public final class LRSchedulerCallback: Callback {
    public enum Interval: Sendable { case epoch, batch }
    public let scheduler: LRScheduler
    public let interval: Interval

    public init(_ scheduler: LRScheduler, interval: Interval = .epoch) {
        (self.scheduler, self.interval) = (scheduler, interval)
    }

    /// A resumed run continues the schedule where it stopped.
    public func onTrainBegin(_ context: TrainingContext) throws {
        if context.epoch > 0 { scheduler.lastEpoch = interval == .epoch ? context.epoch : context.globalStep }
    }

    public func onBatchEnd(_ batch: Int, loss: Double, _ context: TrainingContext) throws {
        if interval == .batch { scheduler.step() }
    }

    public func onEpochEnd(_ epoch: Int, logs: [String: Double], _ context: TrainingContext) throws {
        if interval == .epoch { scheduler.step() }
    }
}

/// Saves everything `fit(resume:)` needs after every epoch: model, optimizer, random
/// generator, epoch, step, shuffling seed and history, in one safetensors file written atomically.
/// A run killed at any moment resumes from the last completed epoch with identical numbers.
///
/// ```swift
/// let backup = URL(fileURLWithPath: "run.safetensors")
/// let resume = FileManager.default.fileExists(atPath: backup.path) ? backup : nil
/// try model.fit(train, epochs: 20, optimizer: opt, callbacks: [ResumeCheckpoint(backup)], resume: resume)
/// ```
/// Put it last in `callbacks`, so that it saves what the other callbacks changed.
public final class ResumeCheckpoint: Callback {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public func onEpochEnd(_ epoch: Int, logs: [String: Double], _ context: TrainingContext) throws {
        let progress = TrainingProgress(
            epoch: epoch + 1, step: context.globalStep, shuffleSeed: context.shuffleSeed,
            history: context.history)
        try Checkpoint.save(model: context.model, optimizer: context.optimizer, progress: progress, to: url)
    }
}
