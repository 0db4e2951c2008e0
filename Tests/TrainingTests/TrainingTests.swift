import Datasets
import Foundation
import Testing
@testable import Training

/// Three Gaussian blobs in the plane, one per class.
private func blobs(_ n: Int, seed: UInt64) -> TensorDataset {
    var g = Generator(seed: seed)
    var xs: [Double] = [], ys: [Int] = []
    for i in 0..<n {
        let c = i % 3, angle = 2 * Double.pi * Double(c) / 3
        xs += [2 * cos(angle) + 0.6 * g.normal(), 2 * sin(angle) + 0.6 * g.normal()]
        ys.append(c)
    }
    return TensorDataset(inputs: Tensor(xs, shape: [n, 2], dtype: .float32), targets: Tensor(ints: ys))
}

private func classifier(dropout: Bool = true) -> Sequential {
    Sequential {
        Linear(2, 16); ReLU(); if dropout { Dropout(0.1) }; Linear(16, 3)
    }
}

/// Records the order of callback events.
private final class Recorder: Callback {
    var events: [String] = []
    func onTrainBegin(_ context: TrainingContext) throws { events.append("begin") }
    func onEpochBegin(_ epoch: Int, _ context: TrainingContext) throws { events.append("epoch\(epoch)") }
    func onBatchEnd(_ batch: Int, loss: Double, _ context: TrainingContext) throws { if batch == 0 { events.append("batch0") } }
    func onEpochEnd(_ epoch: Int, logs: [String: Double], _ context: TrainingContext) throws { events.append("end\(epoch)") }
    func onTrainEnd(_ context: TrainingContext) throws { events.append("done") }
}

/// Zeroes the model's weights after each epoch, making it worse.
private final class Sabotage: Callback {
    func onEpochEnd(_ epoch: Int, logs: [String: Double], _ context: TrainingContext) throws {
        for p in context.model.parameters() { p.fill(0) }
    }
}

@Suite(.serialized) struct TrainingTests {
    let train = blobs(240, seed: 1), test = blobs(90, seed: 2)

    /// The shuffling has its own seeded generator; the model has no dropout, so the
    /// global generator (which tests running in parallel also draw from) plays no part.
    @Test func fitAndTheHandWrittenLoopReachTheSameModel() throws {
        let declarative = classifier(dropout: false)
        let imperative = classifier(dropout: false)
        try imperative.loadStateDict(declarative.stateDict())

        let history = try declarative.fit(
            train, epochs: 4, batchSize: 16, optimizer: Adam(lr: 0.02), loss: .crossEntropy,
            metrics: [.accuracy], validation: test, seed: 42, verbose: false)

        let opt = Adam(imperative.parameters(), lr: 0.02)
        let loader = DataLoader(train, batchSize: 16, shuffle: true, seed: 42)
        for _ in 0..<4 {
            imperative.train()
            for (x, y) in loader {
                let loss = crossEntropy(imperative(x), y)
                opt.zeroGrad(); loss.backward(); opt.step()
            }
        }
        for (a, b) in zip(declarative.parameters(), imperative.parameters()) { #expect(a.doubles == b.doubles) }
        let imperativeResult = imperative.evaluate(test, batchSize: 16)  // fit validates in batches of its batchSize
        #expect(history["val_accuracy"].last == imperativeResult["accuracy"])
        #expect(history["val_loss"].last == imperativeResult["loss"])
        #expect(imperativeResult["accuracy"]! > 0.9)
        #expect(history.epochs == [0, 1, 2, 3])
        #expect(Set(history.values.keys) == ["loss", "accuracy", "val_loss", "val_accuracy", "lr"])
        #expect(history.loss.last! < history.loss.first!)
        #expect(history.description.hasPrefix("epoch\taccuracy\tloss\tlr\tval_accuracy\tval_loss\n1\t"))
    }

    @Test func callbacksRunInOrderAndLRSchedulesStep() throws {
        let model = classifier()
        let recorder = Recorder()
        let opt = SGD(lr: 0.1)
        let perEpoch = StepLR(opt, stepSize: 1, gamma: 0.5)
        let history = try model.fit(
            train, epochs: 3, batchSize: 60, optimizer: opt,
            callbacks: [recorder, LRSchedulerCallback(perEpoch)], verbose: false)
        #expect(recorder.events == ["begin", "epoch0", "batch0", "end0", "epoch1", "batch0", "end1", "epoch2", "batch0", "end2", "done"])
        #expect(close(history["lr"], [0.1, 0.05, 0.025]))
        #expect(opt.parameters.count == 4)

        let batchOpt = SGD(lr: 0.1)
        let perBatch = LinearLR(batchOpt, startFactor: 0.5, totalIters: 100)
        try classifier().fit(
            train, epochs: 2, batchSize: 60, optimizer: batchOpt,
            callbacks: [LRSchedulerCallback(perBatch, interval: .batch)], verbose: false)
        #expect(perBatch.lastEpoch == 8)
    }

    @Test func earlyStoppingStopsAndRestoresTheBestWeights() throws {
        Random.seed(11)
        let model = classifier()
        try model.fit(train, epochs: 3, batchSize: 16, optimizer: Adam(lr: 0.02), verbose: false)
        let trained = model.stateDict().mapValues(\.doubles)
        let stopper = EarlyStopping(monitor: "val_loss", patience: 2, restoreBestWeights: true)
        let history = try model.fit(
            train, epochs: 10, optimizer: SGD(lr: 0), validation: test,
            callbacks: [stopper, Sabotage()], verbose: false)
        #expect(history.epochs == [0, 1, 2])
        #expect(stopper.bestEpoch == 0 && stopper.stoppedEpoch == 2)
        #expect(model.stateDict().mapValues(\.doubles) == trained)
    }

    @Test func modelCheckpointSavesTheBestEpochAtomically() throws {
        let dir = try temporaryDirectory()
        let url = dir.appendingPathComponent("best.safetensors")
        Random.seed(12)
        let model = classifier()
        let saver = ModelCheckpoint(url, monitor: "val_accuracy")
        try model.fit(
            train, epochs: 3, batchSize: 16, optimizer: Adam(lr: 0.02), metrics: [.accuracy], validation: test,
            callbacks: [saver, Sabotage()], verbose: false)
        #expect(saver.savedEpochs == [0])  // later epochs start from zeroed weights and are worse
        let (_, metadata) = try SafeTensors.readWithMetadata(from: url)
        #expect(metadata["epoch"] == "0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["best.safetensors"])
    }

    @Test func badArgumentsThrow() throws {
        #expect(throws: TrainingError.unknownMonitor("val_loss", available: ["loss", "lr"])) {
            try classifier().fit(train, epochs: 1, optimizer: SGD(lr: 0.1), callbacks: [EarlyStopping()], verbose: false)
        }
        let empty = TensorDataset(inputs: Tensor.zeros([0, 2]), targets: Tensor(ints: []))
        #expect(throws: TrainingError.emptyDataset("training")) {
            try classifier().fit(empty, epochs: 1, optimizer: SGD(lr: 0.1), verbose: false)
        }
    }

    @Test func predictAndEvaluate() {
        let model = classifier()
        #expect(model.predict(test).shape == [90, 3])
        #expect(close(model.predict(test.inputs, batchSize: 7), model.predict(test)))
        #expect(model.isTraining)  // predict restores the mode
        let meanLogit = Metric("mean_logit") { output, _ in (output.sum().item, output.count) }
        let result = model.evaluate(test, loss: .crossEntropy, metrics: [.accuracy, meanLogit])
        #expect(Set(result.keys) == ["loss", "accuracy", "mean_logit"])
        #expect(abs(result["mean_logit"]! - model.predict(test).mean().item) < 1e-5)
        #expect(
            abs(
                result["loss"]!
                    - noGrad {
                        model.eval(); defer { model.train() }; return crossEntropy(model(test.inputs), test.targets).item
                    }) < 1e-5)
    }

    /// The course's first milestone: an MLP on the shipped MNIST subset (4,000 training
    /// images), trained in each style, reaches the same test accuracy, at least 92%.
    @Test func mnistMLPReaches92PercentInBothStyles() throws {
        let (train, test) = try MNIST.subset5k(flatten: true)
        let epochs = 10
        func mlp() -> Sequential {
            Sequential {
                Linear(784, 256); ReLU(); Linear(256, 10)
            }
        }
        let declarative = mlp(), imperative = mlp()
        try imperative.loadStateDict(declarative.stateDict())

        let history = try declarative.fit(
            train, epochs: epochs, batchSize: 64, optimizer: Adam(lr: 1e-3), loss: .crossEntropy,
            metrics: [.accuracy], validation: test, seed: 7, verbose: false)

        let opt = Adam(imperative.parameters(), lr: 1e-3)
        let loader = DataLoader(train, batchSize: 64, shuffle: true, seed: 7)
        imperative.train()
        for _ in 0..<epochs {
            for (x, y) in loader {
                let loss = crossEntropy(imperative(x), y)
                opt.zeroGrad(); loss.backward(); opt.step()
            }
        }
        imperative.eval()
        let accuracyByHand = noGrad { accuracy(truth: test.targets, logits: imperative(test.inputs)) }
        #expect(history["val_accuracy"].last == accuracyByHand)
        #expect(accuracyByHand >= 0.92)
    }
}

@Suite struct ProgressBarTests {
    @Test func plainLinesWhenNotATerminal() {
        var output = ""
        var now = 0.0
        let bar = ProgressBar(total: 20, label: "Epoch 1/2", width: 10, interactive: false, interval: 2, write: { output += $0 }, clock: { now })
        for i in 1...20 {
            now += 0.5
            bar.update(i, values: [("loss", 1.0 / Double(i))])
        }
        bar.finish(values: [("loss", 0.05), ("val_loss", 0.07)])
        let lines = output.split(separator: "\n")
        #expect(lines.count == 5)  // every 2 seconds (4 steps), and the final line
        #expect(lines[0] == "Epoch 1/2 [==>.......] 4/20  2.00 it/s  ETA 0:08  loss 0.2500")
        #expect(lines.last == "Epoch 1/2 [==========] 20/20  2.00 it/s  0:10  loss 0.0500  val_loss 0.0700")
    }

    @Test func redrawsInPlaceOnATerminal() {
        var output = ""
        var now = 0.0
        let bar = ProgressBar(total: 4, width: 4, interactive: true, write: { output += $0 }, clock: { now })
        for i in 1...4 { now += 1; bar.update(i) }
        bar.finish()
        #expect(output.hasPrefix("\r[=>..] 1/4  1.00 it/s  ETA 0:03\u{1B}[K\r"))
        #expect(output.hasSuffix("\r[====] 4/4  1.00 it/s  0:04\u{1B}[K\n"))
        #expect(ProgressBar.clockText(3725) == "1:02:05")
    }
}
