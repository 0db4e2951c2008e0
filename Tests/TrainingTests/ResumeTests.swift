import Datasets
import Foundation
import Testing
@testable import Training

/// A run stopped after any epoch and resumed from its checkpoint, with a fresh model,
/// optimizer and generator (as in a new process), ends bit-identical to a run that never stopped.
@Suite struct ResumeTests {
    static let epochs = 4

    /// 48 examples of 4 features, 3 classes, with a random augmentation (noise) drawn per epoch.
    static func data() -> MappedDataset {
        Random.withSeed(5) {
            let x = Tensor.randn([48, 4]), y = Tensor(ints: (0..<48).map { $0 % 3 })
            return MappedDataset(TensorDataset(inputs: x, targets: y), seed: 11) { x, rng in x + Tensor.full(x.shape, 0.05 * rng.normal()) }
        }
    }

    /// A model with dropout and batch norm, initialised from the generator in use.
    static func model() -> Sequential {
        Sequential {
            Linear(4, 8); BatchNorm1d(8); ReLU(); Dropout(0.3); Linear(8, 3)
        }
    }

    struct Outcome: Equatable {
        let parameters: [String: [Double]]
        let optimizer: [String: [Double]]
        let history: History
    }

    static func outcome(_ model: Module, _ optimizer: Optimizer, _ history: History) -> Outcome {
        Outcome(parameters: model.stateDict().mapValues(\.doubles), optimizer: optimizer.stateDict().mapValues(\.doubles), history: history)
    }

    /// `fit` with shuffling, dropout, augmentation, prefetch and a per-batch LR schedule.
    static func fit(epochs: Int, checkpoint: URL, resume: URL?, initSeed: UInt64) throws -> Outcome {
        Random.seed(initSeed)  // a fresh process draws a different initialisation; resume must overwrite it
        let model = model()
        let optimizer = Adam(model.parameters(), lr: 0.01)
        let schedule = LRSchedulerCallback(StepLR(optimizer, stepSize: 5, gamma: 0.5), interval: .batch)
        let history = try model.fit(
            data(), epochs: epochs, batchSize: 10, optimizer: optimizer, loss: .crossEntropy,
            metrics: [.accuracy], callbacks: [schedule, ResumeCheckpoint(checkpoint)],
            seed: 3, resume: resume, verbose: false)
        return outcome(model, optimizer, history)
    }

    @Test func fitResumesBitIdenticallyAfterAnyEpoch() throws {
        try Random.withSeed(0) {
            let folder = try temporaryDirectory()
            let straight = try Self.fit(epochs: Self.epochs, checkpoint: folder.appendingPathComponent("straight.safetensors"), resume: nil, initSeed: 1)
            for stop in 1..<Self.epochs {
                let url = folder.appendingPathComponent("stop\(stop).safetensors")
                _ = try Self.fit(epochs: stop, checkpoint: url, resume: nil, initSeed: 1)
                let resumed = try Self.fit(epochs: Self.epochs, checkpoint: url, resume: url, initSeed: 99)
                #expect(resumed == straight, "stopped after epoch \(stop)")
            }
        }
    }

    /// The same in the hand-written style: `Checkpoint.save(progress:)`, `Checkpoint.load`, `loader.epoch`.
    @Test func handWrittenLoopResumesBitIdentically() throws {
        try Random.withSeed(0) {
            let url = try temporaryDirectory().appendingPathComponent("loop.safetensors")
            func run(from start: Int, to end: Int, resume: Bool) throws -> Outcome {
                Random.seed(resume ? 42 : 1)
                let model = Self.model(), optimizer = SGD(model.parameters(), lr: 0.05, momentum: 0.9)
                let loader = DataLoader(Self.data(), batchSize: 10, shuffle: true, seed: 8, prefetch: true)
                var history = History(), step = 0
                if resume {
                    let progress = try #require(try Checkpoint.load(from: url, model: model, optimizer: optimizer).progress)
                    (loader.epoch, step, history) = (progress.epoch, progress.step, progress.history)
                }
                for epoch in start..<end {
                    var total = 0.0
                    for (x, y) in loader {
                        let loss = crossEntropy(model(x), y)
                        optimizer.zeroGrad(); loss.backward(); optimizer.step()
                        total += loss.item; step += 1
                    }
                    history.record(epoch: epoch, ["loss": total])
                    try Checkpoint.save(
                        model: model, optimizer: optimizer,
                        progress: TrainingProgress(epoch: epoch + 1, step: step, shuffleSeed: 8, history: history), to: url)
                }
                return Self.outcome(model, optimizer, history)
            }
            let straight = try run(from: 0, to: 4, resume: false)
            _ = try run(from: 0, to: 2, resume: false)
            #expect(try run(from: 2, to: 4, resume: true) == straight)
        }
    }

    @Test func resumingFromAModelOnlyFileIsAnError() throws {
        let url = try temporaryDirectory().appendingPathComponent("model.safetensors")
        let model = Self.model()
        try model.save(to: url)
        #expect(throws: TrainingError.notResumable(url.path)) {
            try model.fit(Self.data(), epochs: 1, optimizer: SGD(lr: 0.1), resume: url, verbose: false)
        }
    }
}
