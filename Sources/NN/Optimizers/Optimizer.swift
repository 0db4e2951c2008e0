import Tensors

/// Updates parameters from their gradients (`torch.optim.Optimizer`).
///
/// ```swift
/// let opt = Adam(model.parameters(), lr: 1e-3)
/// opt.zeroGrad(); loss.backward(); opt.step()
/// ```
/// An optimizer made without parameters (`Adam(lr: 1e-3)`) gets the model's
/// parameters from `fit`.
public protocol Optimizer: AnyObject {
    /// The tensors it updates.
    var parameters: [Tensor] { get set }
    /// The learning rate; LR schedulers set it.
    var lr: Double { get set }
    /// Applies one update to every parameter that has a gradient.
    func step()
    /// Clears every parameter's gradient.
    func zeroGrad()
    /// Everything needed to resume: hyperparameters that change (lr) and per-parameter state.
    func stateDict() -> [String: Tensor]
    /// Restores `stateDict()`'s output; throws `CheckpointError` when it does not fit the parameters.
    func loadStateDict(_ state: [String: Tensor]) throws
}

extension Optimizer {
    public func zeroGrad() {
        for p in parameters { p.grad = nil }
    }
}

/// Per-parameter optimizer state: the number of updates it received and named
/// buffers (`"exp_avg"`, `"momentum_buffer"`, ...), as in PyTorch's `optimizer.state[p]`.
public final class ParameterState {
    public internal(set) var step = 0
    public internal(set) var buffers: [String: Tensor] = [:]

    /// The buffer `name`, created on first use with `parameter`'s shape and dtype, filled with `initial`.
    public func buffer(_ name: String, like parameter: Tensor, initial: Double = 0) -> Tensor {
        if let b = buffers[name] { return b }
        let b = Tensor.full(parameter.shape, initial, dtype: parameter.dtype)
        buffers[name] = b
        return b
    }
}

/// The shared machinery of the built-in optimizers: parameter list, per-parameter
/// state, `step()` looping over parameters with gradients inside `noGrad`, and
/// state saving. A subclass implements `update(_:grad:state:)` for one parameter.
open class StatefulOptimizer: Optimizer {
    public var parameters: [Tensor] {
        didSet { states = parameters.map { _ in ParameterState() } }
    }
    public var lr: Double
    /// Index-aligned with `parameters`.
    public private(set) var states: [ParameterState]

    public init(parameters: [Tensor], lr: Double) {
        precondition(lr >= 0, "\(Self.self): invalid learning rate \(lr)")
        self.parameters = parameters
        self.lr = lr
        states = parameters.map { _ in ParameterState() }
    }

    public func step() {
        noGrad {
            for (p, state) in zip(parameters, states) {
                guard p.requiresGrad, let g = p.grad else { continue }
                precondition(
                    g.shape == p.shape && g.dtype == p.dtype,
                    "\(Self.self).step: gradient \(g.shape) \(g.dtype) does not match parameter \(p.shape) \(p.dtype)")
                precondition(p.dtype.isFloatingPoint, "\(Self.self).step: cannot update a \(p.dtype) parameter")
                state.step += 1
                update(p, grad: g, state: state)
            }
        }
    }

    /// Updates one parameter in place. `state.step` already counts this update.
    open func update(_ parameter: Tensor, grad: Tensor, state: ParameterState) {
        preconditionFailure("\(Self.self): override update(_:grad:state:)")
    }

    /// A saved counter: one int64 in 0...2^53 (so it stays exact as a Double and can still grow).
    static func count(_ value: Tensor, name: String) -> Result<Int, CheckpointError.Mismatch> {
        guard value.dtype == .int64 else { return .failure(.dtype(name: name, expected: .int64, found: value.dtype)) }
        guard value.count == 1 else { return .failure(.shape(name: name, expected: [], found: value.shape)) }
        let exact = value.withUnsafeRawBytes { $0.load(as: Int64.self) }
        guard (0...(1 << 53)).contains(exact) else {
            return .failure(.value(name: name, reason: "count \(exact) is outside 0...2^53"))
        }
        return .success(Int(exact))
    }

    /// Keys: `"lr"`, and `"state.<i>.step"`, `"state.<i>.<buffer>"` for parameter i.
    public func stateDict() -> [String: Tensor] {
        var dict = ["lr": Tensor(lr, dtype: .float64)]
        for (i, state) in states.enumerated() where state.step > 0 || !state.buffers.isEmpty {
            dict["state.\(i).step"] = Tensor(ints: [state.step], shape: [])
            for (name, buffer) in state.buffers { dict["state.\(i).\(name)"] = buffer.detach() }
        }
        return dict
    }

    public func loadStateDict(_ dict: [String: Tensor]) throws {
        var problems: [CheckpointError.Mismatch] = []
        let loaded = parameters.map { _ in ParameterState() }
        for (key, value) in dict where key != "lr" {
            let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == "state", let i = Int(parts[1]), i >= 0, i < parameters.count else {
                problems.append(.unexpected(name: key)); continue
            }
            if parts[2] == "step" {
                switch Self.count(value, name: key) {
                case .success(let step): loaded[i].step = step
                case .failure(let problem): problems.append(problem)
                }
            } else {
                let p = parameters[i]
                if value.shape != p.shape { problems.append(.shape(name: key, expected: p.shape, found: value.shape)); continue }
                if value.dtype != p.dtype { problems.append(.dtype(name: key, expected: p.dtype, found: value.dtype)); continue }
                let copy = Tensor.zeros(p.shape, dtype: p.dtype)
                copy.assign(value)
                loaded[i].buffers[parts[2]] = copy
            }
        }
        var newLR = lr
        if let value = dict["lr"] {
            if value.shape != [] {
                problems.append(.shape(name: "lr", expected: [], found: value.shape))
            } else if !value.dtype.isFloatingPoint {
                problems.append(.dtype(name: "lr", expected: .float64, found: value.dtype))
            } else if !(value.item >= 0 && value.item.isFinite) {
                problems.append(.value(name: "lr", reason: "learning rate \(value.item) is not a finite non-negative number"))
            } else {
                newLR = value.item
            }
        } else {
            problems.append(.missing(name: "lr", shape: []))
        }
        guard problems.isEmpty else { throw CheckpointError.mismatch(problems) }
        lr = newLR
        // Replace the states in place: `parameters` stays, its didSet is not triggered.
        states = loaded
    }
}

extension Tensor {
    /// The first element's address as `T`; valid while the tensor is alive (its storage never moves).
    func pointer<T: FloatElement>(_: T.Type) -> UnsafeMutablePointer<T> {
        elements(T.self) { $0.baseAddress! }
    }
}
