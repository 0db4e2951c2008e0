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
        let own = namedParameters() + namedBuffers()
        var problems: [CheckpointError.Mismatch] = []
        for (name, t) in own {
            guard let value = dict[name] else {
                if strict { problems.append(.missing(name: name, shape: t.shape)) }
                continue
            }
            if value.shape != t.shape { problems.append(.shape(name: name, expected: t.shape, found: value.shape)) }
            else if value.dtype != t.dtype { problems.append(.dtype(name: name, expected: t.dtype, found: value.dtype)) }
        }
        if strict {
            let known = Set(own.map(\.name))
            for name in dict.keys.sorted() where !known.contains(name) { problems.append(.unexpected(name: name)) }
        }
        guard problems.isEmpty else { throw CheckpointError.mismatch(problems) }
        noGrad {
            for (name, t) in own { if let value = dict[name] { t.assign(value) } }
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

/// A training checkpoint in one safetensors file: the model's state under `model.`,
/// the optimizer's under `optimizer.`, so training resumes with identical numbers.
///
/// ```swift
/// try Checkpoint.save(model: model, optimizer: opt, to: url)
/// // later, in a fresh process:
/// try Checkpoint.load(from: url, model: model, optimizer: opt)
/// ```
public enum Checkpoint {
    public static func save(model: Module, optimizer: Optimizer? = nil, metadata: [String: String] = [:], to url: URL) throws {
        var tensors: [String: Tensor] = [:]
        for (k, v) in model.stateDict() { tensors["model." + k] = v }
        for (k, v) in optimizer?.stateDict() ?? [:] { tensors["optimizer." + k] = v }
        try SafeTensors.write(tensors, metadata: metadata, to: url)
    }

    /// Loads into `model` (and `optimizer`); returns the file's metadata.
    @discardableResult
    public static func load(from url: URL, model: Module, optimizer: Optimizer? = nil) throws -> [String: String] {
        let (tensors, metadata) = try SafeTensors.readWithMetadata(from: url)
        func section(_ prefix: String) -> [String: Tensor] {
            Dictionary(uniqueKeysWithValues: tensors.filter { $0.key.hasPrefix(prefix) }.map { (String($0.key.dropFirst(prefix.count)), $0.value) })
        }
        try model.loadStateDict(section("model."))
        if let optimizer { try optimizer.loadStateDict(section("optimizer.")) }
        return metadata
    }
}
