import Foundation
import Tensors

extension Module {
    /// Every parameter and buffer by dotted name (`model.state_dict()`), detached from the graph
    /// but sharing storage with the model.
    public func stateDict() -> [String: Tensor] {
        var dict: [String: Tensor] = [:]
        for (name, t) in namedParameters() + namedBuffers() { dict[name] = t.detach() }
        return dict
    }

    /// Copies values from `dict` into this model's parameters and buffers, in place.
    /// Checks every name, shape and dtype first and throws one `CheckpointError.mismatch`
    /// listing every problem; nothing is changed then. With `strict: false`, missing and
    /// unexpected names are allowed (partial loading, e.g. a backbone without its head).
    public func loadStateDict(_ dict: [String: Tensor], strict: Bool = true) throws {
        try checkStateDict(dict, strict: strict)
        assignStateDict(dict)
    }

    /// Throws the `CheckpointError.mismatch` that `loadStateDict` would throw; changes nothing.
    func checkStateDict(_ dict: [String: Tensor], strict: Bool) throws {
        let own = namedParameters() + namedBuffers()
        var problems: [CheckpointError.Mismatch] = []
        for (name, t) in own {
            guard let value = dict[name] else {
                if strict { problems.append(.missing(name: name, shape: t.shape)) }
                continue
            }
            if value.shape != t.shape {
                problems.append(.shape(name: name, expected: t.shape, found: value.shape))
            } else if value.dtype != t.dtype {
                problems.append(.dtype(name: name, expected: t.dtype, found: value.dtype))
            } else if let problem = checkCounter(name, value) {
                problems.append(problem)
            }
        }
        if strict {
            let known = Set(own.map(\.name))
            for name in dict.keys.sorted() where !known.contains(name) { problems.append(.unexpected(name: name)) }
        }
        guard problems.isEmpty else { throw CheckpointError.mismatch(problems) }
    }

    /// Integer buffers are counters (`numBatchesTracked`): they must be in 0...2^53.
    private func checkCounter(_ name: String, _ value: Tensor) -> CheckpointError.Mismatch? {
        guard value.dtype == .int64, value.count == 1, case .failure(let problem) = StatefulOptimizer.count(value, name: name) else { return nil }
        return problem
    }

    /// Copies the values of a checked `dict` into the model.
    private func assignStateDict(_ dict: [String: Tensor]) {
        noGrad {
            for (name, t) in namedParameters() + namedBuffers() { if let value = dict[name] { t.assign(value) } }
        }
    }

    /// Saves parameters and buffers to a safetensors file, atomically (`torch.save(model.state_dict())`).
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(stateDict(), metadata: metadata, to: url)
    }

    /// Loads parameters and buffers from a safetensors file written by `save(to:)` (or by
    /// PyTorch's `safetensors.torch.save_file` for a model with the same names).
    public func load(from url: URL, strict: Bool = true) throws {
        try loadStateDict(SafeTensors.read(from: url), strict: strict)
    }
}

extension Optimizer {
    /// Saves the optimizer's state (learning rate, step counts, moment buffers) atomically.
    public func save(to url: URL) throws {
        try SafeTensors.write(stateDict(), to: url)
    }

    /// Restores state saved by `save(to:)`; the optimizer must hold the same parameters.
    public func load(from url: URL) throws {
        try loadStateDict(SafeTensors.read(from: url))
    }
}

/// A training checkpoint in one safetensors file, so training resumes with identical numbers:
/// the model's state under `model.`, the optimizer's under `optimizer.`, the random
/// generator in use under `random.generator`, and where training stands under `training.`
/// and `history.`.
///
/// ```swift
/// try Checkpoint.save(model: model, optimizer: opt, progress: progress, to: url)
/// // later, in a fresh process:
/// let loaded = try Checkpoint.load(from: url, model: model, optimizer: opt)
/// loader.epoch = loaded.progress?.epoch ?? 0
/// ```
/// Loading checks everything before it changes anything: a file that does not fit
/// leaves the model, the optimizer and the generator as they were.
public enum Checkpoint {
    /// What a checkpoint holds besides the model's and optimizer's tensors.
    public struct Loaded {
        public let metadata: [String: String]
        /// Where training stood, when the checkpoint was saved with `progress`.
        public let progress: TrainingProgress?
    }

    public static func save(
        model: Module, optimizer: Optimizer? = nil, progress: TrainingProgress? = nil,
        metadata: [String: String] = [:], to url: URL
    ) throws {
        var tensors: [String: Tensor] = [:]
        for (k, v) in model.stateDict() { tensors["model." + k] = v }
        for (k, v) in optimizer?.stateDict() ?? [:] { tensors["optimizer." + k] = v }
        let s = Random.generator.state
        tensors["random.generator"] = Tensor(ints: [s.0, s.1, s.2, s.3].map { Int(Int64(bitPattern: $0)) })
        for (k, v) in progress?.tensors() ?? [:] { tensors[k] = v }
        try SafeTensors.write(tensors, metadata: metadata, to: url)
    }

    /// Loads into `model` (and `optimizer`), and restores the random generator in use
    /// (unless `restoreRandom` is false). Throws before changing anything when any part does not fit.
    @discardableResult
    public static func load(
        from url: URL, model: Module, optimizer: Optimizer? = nil,
        restoreRandom: Bool = true
    ) throws -> Loaded {
        let (tensors, metadata) = try SafeTensors.readWithMetadata(from: url)
        let progress = try apply(tensors, model: model, optimizer: optimizer, restoreRandom: restoreRandom)
        return Loaded(metadata: metadata, progress: progress)
    }

    /// Checks every section of a checkpoint's tensors, then loads them; returns the training progress.
    package static func apply(_ tensors: [String: Tensor], model: Module, optimizer: Optimizer?, restoreRandom: Bool) throws -> TrainingProgress? {
        func section(_ prefix: String) -> [String: Tensor] {
            Dictionary(uniqueKeysWithValues: tensors.filter { $0.key.hasPrefix(prefix) }.map { (String($0.key.dropFirst(prefix.count)), $0.value) })
        }
        let modelState = section("model.")
        try model.checkStateDict(modelState, strict: true)
        let generator = try tensors["random.generator"].map(savedGenerator)
        let progress = try TrainingProgress(training: section("training."), history: section("history."))
        // The optimizer checks its whole state before it changes anything; after it, nothing can fail.
        if let optimizer { try optimizer.loadStateDict(section("optimizer.")) }
        try model.loadStateDict(modelState)
        if restoreRandom, let generator { Random.generator = generator }
        return progress
    }

    private static func savedGenerator(_ t: Tensor) throws -> Generator {
        guard t.dtype == .int64, t.shape == [4] else {
            throw CheckpointError.mismatch([.shape(name: "random.generator", expected: [4], found: t.shape)])
        }
        let w = t.withUnsafeRawBytes { Array($0.bindMemory(to: Int64.self)).map { UInt64(bitPattern: $0) } }
        guard w.contains(where: { $0 != 0 }) else {
            throw CheckpointError.mismatch([.value(name: "random.generator", reason: "the all-zero state is not a generator state")])
        }
        return Generator(state: (w[0], w[1], w[2], w[3]))
    }
}

extension Checkpoint {
    /// The checkpoint of epoch `epoch` in a training run's folder: `epoch-<epoch>.safetensors`,
    /// the layout the projects' `train --resume` reads.
    public static func epochFile(_ epoch: Int, in folder: URL) -> URL {
        folder.appendingPathComponent("epoch-\(epoch).safetensors")
    }

    /// The highest epoch with a checkpoint (`epochFile`) in `folder`; 0 when there is none.
    public static func lastEpoch(in folder: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("epoch-"), name.hasSuffix(".safetensors") else { return nil }
            return Int(name.dropFirst(6).dropLast(12))
        }.max() ?? 0
    }
}
