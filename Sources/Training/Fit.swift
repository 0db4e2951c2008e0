import Datasets
import Foundation
import Tensors

// The declarative ("Keras") style of training. `fit` runs exactly the loop one
// writes by hand, so both styles give the same numbers:
//
//     for (x, y) in batches { let loss = lossFn(model(x), y); opt.zeroGrad(); loss.backward(); opt.step() }

extension Module {
    /// Trains the model on `train` for `epochs` passes and returns the per-epoch history.
    ///
    /// ```swift
    /// let model = Sequential { Linear(784, 256); ReLU(); Linear(256, 10) }
    /// let history = try model.fit(train, epochs: 5, batchSize: 64, optimizer: Adam(lr: 1e-3),
    ///                             loss: .crossEntropy, metrics: [.accuracy], validation: test)
    /// ```
    /// - Parameters:
    ///   - optimizer: updates the model; made without parameters (`Adam(lr: 1e-3)`), it gets the model's.
    ///   - metrics: averaged over each epoch's training batches (as they are computed, like Keras)
    ///     and over the validation set.
    ///   - callbacks: `EarlyStopping`, `ModelCheckpoint`, `LRSchedulerCallback` or your own.
    ///   - seed: when given, reseeds the global generator (dropout, ...) and seeds the shuffling
    ///     (`DataLoader(train, batchSize:, shuffle:, seed:)`), so a run is reproducible;
    ///     otherwise the shuffling is seeded from the global generator.
    ///   - resume: a checkpoint written by `ResumeCheckpoint` (or `Checkpoint.save` with `progress`):
    ///     model, optimizer, random generator, shuffling seed and history are restored and training
    ///     continues at the epoch after the saved one, with the numbers of a run that never stopped.
    ///     `seed` is then ignored. Throws `CheckpointError` when the file does not fit; nothing is changed then.
    ///   - verbose: prints a progress bar per epoch.
    /// - Throws: `TrainingError` for an empty dataset or an unknown monitored value, and
    ///   whatever a callback throws (such as `CheckpointError`).
    @discardableResult
    public func fit(
        _ train: Dataset, epochs: Int, batchSize: Int = 32, optimizer: Optimizer, loss: Loss = .crossEntropy,
        metrics: [Metric] = [], validation: Dataset? = nil, callbacks: [Callback] = [], shuffle: Bool = true,
        seed: UInt64? = nil, resume: URL? = nil, verbose: Bool = true
    ) throws -> History {
        precondition(epochs >= 0, "fit: epochs must be non-negative, got \(epochs)")
        guard train.count > 0 else { throw TrainingError.emptyDataset("training") }
        if let validation, validation.count == 0 { throw TrainingError.emptyDataset("validation") }
        if optimizer.parameters.isEmpty { optimizer.parameters = parameters() }
        let progress: TrainingProgress
        if let resume {
            let tensors = try SafeTensors.read(from: resume)
            guard tensors["training.epoch"] != nil,
                let saved = try Checkpoint.apply(tensors, model: self, optimizer: optimizer, restoreRandom: true)
            else {
                throw TrainingError.notResumable(resume.path)
            }
            progress = saved
        } else {
            if let seed { Random.seed(seed) }
            progress = TrainingProgress(epoch: 0, step: 0, shuffleSeed: seed ?? Random.using { $0.next() })
        }
        let batches = DataLoader(train, batchSize: batchSize, shuffle: shuffle, seed: progress.shuffleSeed)
        batches.epoch = progress.epoch
        let context = TrainingContext(model: self, optimizer: optimizer, history: progress.history)
        (context.epoch, context.globalStep, context.shuffleSeed) = (progress.epoch, progress.step, progress.shuffleSeed)

        for callback in callbacks { try callback.onTrainBegin(context) }
        for epoch in progress.epoch..<max(epochs, progress.epoch) {
            context.epoch = epoch
            self.train()
            for callback in callbacks { try callback.onEpochBegin(epoch, context) }
            let bar = verbose ? ProgressBar(total: batches.count, label: "Epoch \(epoch + 1)/\(epochs)") : nil
            var totals = RunningTotals(metrics: metrics)
            for (index, batch) in batches.enumerated() {
                let output = self(batch.input)
                let value = loss.compute(output, batch.target)
                optimizer.zeroGrad()
                value.backward()
                optimizer.step()
                totals.add(loss: value.item, output: output, target: batch.target)
                context.globalStep += 1
                for callback in callbacks { try callback.onBatchEnd(index, loss: value.item, context) }
                bar?.update(index + 1, values: [("loss", totals.meanLoss)])
            }
            var logs = totals.logs(prefix: "")
            if let validation {
                for (key, value) in evaluate(validation, batchSize: batchSize, loss: loss, metrics: metrics) { logs["val_" + key] = value }
            }
            logs["lr"] = optimizer.lr
            context.history.record(epoch: epoch, logs)
            bar?.finish(values: logs.keys.sorted().filter { $0 != "lr" }.map { ($0, logs[$0]!) })
            for callback in callbacks { try callback.onEpochEnd(epoch, logs: logs, context) }
            if context.stopTraining { break }
        }
        for callback in callbacks { try callback.onTrainEnd(context) }
        return context.history
    }

    /// The mean loss (when given) and metrics over a dataset, in evaluation mode without
    /// gradients: `["loss": ..., "accuracy": ...]`. The model's mode is restored afterwards.
    public func evaluate(_ data: Dataset, batchSize: Int = 256, loss: Loss? = .crossEntropy, metrics: [Metric] = [.accuracy]) -> [String: Double] {
        var totals = RunningTotals(metrics: metrics)
        inEvaluationMode {
            for batch in DataLoader(data, batchSize: batchSize) {
                let output = self(batch.input)
                totals.add(loss: loss.map { $0.compute(output, batch.target).item }, output: output, target: batch.target)
            }
        }
        return totals.logs(prefix: "")
    }

    /// The model's outputs for every example of `data`, in order, stacked along the first
    /// dimension (evaluation mode, no gradients).
    public func predict(_ data: Dataset, batchSize: Int = 256) -> Tensor {
        inEvaluationMode {
            concat(DataLoader(data, batchSize: batchSize).map { self($0.input) })
        }
    }

    /// The model's outputs for a batch of inputs `[N, ...]`, computed `batchSize` rows at a time.
    public func predict(_ inputs: Tensor, batchSize: Int = 256) -> Tensor {
        inEvaluationMode {
            concat(inputs.split(size: batchSize, axis: 0).map { self($0) })
        }
    }

    /// Runs `body` in evaluation mode under `noGrad`, then restores the previous mode.
    func inEvaluationMode<R>(_ body: () -> R) -> R {
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        return noGrad(body)
    }
}

/// Sums of loss and metrics over the examples of an epoch.
struct RunningTotals {
    let metrics: [Metric]
    private var lossSum = 0.0, lossCount = 0
    private var metricSums: [Double], metricCounts: [Int]

    init(metrics: [Metric]) {
        self.metrics = metrics
        metricSums = metrics.map { _ in 0 }
        metricCounts = metrics.map { _ in 0 }
    }

    var meanLoss: Double { lossCount == 0 ? .nan : lossSum / Double(lossCount) }

    /// Adds one batch; the loss is a batch mean, weighted by the batch size.
    mutating func add(loss: Double?, output: Tensor, target: Tensor) {
        let n = output.shape.first ?? 1
        if let loss { lossSum += loss * Double(n); lossCount += n }
        let (out, tgt) = (output.detach(), target.detach())
        for (i, metric) in metrics.enumerated() {
            let (total, count) = metric.compute(out, tgt)
            metricSums[i] += total
            metricCounts[i] += count
        }
    }

    func logs(prefix: String) -> [String: Double] {
        var logs: [String: Double] = [:]
        if lossCount > 0 { logs[prefix + "loss"] = meanLoss }
        for (i, metric) in metrics.enumerated() {
            logs[prefix + metric.name] = metricCounts[i] == 0 ? .nan : metricSums[i] / Double(metricCounts[i])
        }
        return logs
    }
}
