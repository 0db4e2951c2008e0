import Tensors

/// The base class of every layer and model, like `torch.nn.Module`.
///
/// Parameters are found without registration: every stored property that is a
/// `Tensor` is a parameter, every `Module` (or array / dictionary of modules) a
/// submodule, and every `@Buffer` property a buffer (state that is saved but not
/// trained, such as BatchNorm's running statistics).
///
/// ```swift
/// final class MLP: Module {
///     let fc1 = Linear(784, 256), fc2 = Linear(256, 10)
///     override func forward(_ x: Tensor) -> Tensor { fc2(relu(fc1(x))) }
/// }
/// let model = MLP()
/// model.namedParameters().map(\.name)   // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
/// ```
///
/// Subclasses override `forward(_:)`, the one override point; `model(x)` calls it and
/// reports the call to forward hooks. Layers called with several tensors add their own
/// `callAsFunction(_:_:...)` and wrap its work in `reportingCall`.
/// Keep tensors that are not parameters out of stored `Tensor` properties:
/// make them `@Buffer`, or compute them on the fly.
open class Module {
    /// Whether the module is in training mode (`model.training`); see `train()` / `eval()`.
    public private(set) var isTraining = true

    public init() {}

    /// The layer's computation: what `model(x)` runs.
    open func forward(_ x: Tensor) -> Tensor {
        preconditionFailure("\(type(of: self)): override forward(_:) to define what the module computes")
    }

    /// Runs the module: `model(x)`. Reports the call to a hook installed with `withForwardHook`.
    public func callAsFunction(_ x: Tensor) -> Tensor { reportingForward(x) }

    // MARK: Structure

    /// Direct submodules with their property names. Found by reflection; a
    /// container such as `Sequential` overrides it to name children by position.
    open var namedChildren: [(name: String, module: Module)] { ModuleReflection.members(of: self).children }

    /// This module's own parameters (not its children's), with property names.
    open var ownParameters: [(name: String, tensor: Tensor)] { ModuleReflection.members(of: self).parameters }

    /// This module's own buffers, with property names.
    open var ownBuffers: [(name: String, tensor: Tensor)] { ModuleReflection.members(of: self).buffers }

    /// One line about the layer's configuration, like PyTorch's `extra_repr`
    /// (`"784 → 256"` for a Linear layer). Shown by `description`.
    open var extraDescription: String { "" }

    /// Converts every floating-point parameter and buffer (and their gradients) to
    /// `dtype` in place, as `model.to(torch.float64)`: the same tensors, so optimizers
    /// made before still hold them; integer buffers (counters) keep their dtype.
    @discardableResult
    public func to(_ dtype: DType) -> Self {
        precondition(dtype.isFloatingPoint, "\(type(of: self)).to: \(dtype) is not a floating-point dtype")
        for t in parameters() + namedBuffers().map(\.tensor) where t.dtype.isFloatingPoint {
            t.convertInPlace(to: dtype)
        }
        return self
    }

    /// This module and all its descendants, depth first, each once, with dotted names ("" for self).
    public func namedModules() -> [(name: String, module: Module)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(String, Module)] = []
        var stack: [(String, Module)] = [("", self)]
        while let (name, module) = stack.popLast() {
            guard seen.insert(ObjectIdentifier(module)).inserted else { continue }
            result.append((name, module))
            for child in module.namedChildren.reversed() {
                stack.append((name.isEmpty ? child.name : "\(name).\(child.name)", child.module))
            }
        }
        return result
    }

    /// This module and all its descendants.
    public func modules() -> [Module] { namedModules().map(\.module) }

    /// Calls `body` on this module and every descendant (`model.apply(fn)`), e.g. for custom initialisation.
    public func apply(_ body: (Module) -> Void) { modules().forEach(body) }

    /// Every parameter with its dotted name (`"layers.0.weight"`); a tensor shared
    /// by two modules is listed once, under its first name.
    public func namedParameters() -> [(name: String, tensor: Tensor)] { collect(\.ownParameters) }

    /// Every parameter, in the order of `namedParameters()`: what an optimizer gets.
    public func parameters() -> [Tensor] { namedParameters().map(\.tensor) }

    /// Every buffer with its dotted name.
    public func namedBuffers() -> [(name: String, tensor: Tensor)] { collect(\.ownBuffers) }

    private func collect(_ members: (Module) -> [(name: String, tensor: Tensor)]) -> [(name: String, tensor: Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(name: String, tensor: Tensor)] = []
        for (prefix, module) in namedModules() {
            for (name, tensor) in members(module) where seen.insert(ObjectIdentifier(tensor)).inserted {
                result.append((prefix.isEmpty ? name : "\(prefix).\(name)", tensor))
            }
        }
        return result
    }

    /// Number of scalar parameters (every element of every parameter).
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// Number of scalar parameters that currently require gradients (are not frozen).
    public var trainableParameterCount: Int {
        ExerciseTwins.called("trainableParameterCount", twinOf: ["P01-E01"])
        return parameters().filter(\.requiresGrad).reduce(0) { $0 + $1.count }
    }

    // MARK: Modes and gradients

    /// Puts this module and every descendant in training mode (`model.train()`),
    /// or in evaluation mode when `mode` is false.
    public func train(_ mode: Bool = true) {
        for module in modules() { module.isTraining = mode }
    }

    /// Evaluation mode for this module and every descendant (`model.eval()`):
    /// dropout off, batch norm uses its running statistics.
    public func eval() { train(false) }

    /// Clears the gradient of every parameter (sets it to nil, as PyTorch's default).
    public func zeroGrad() {
        for p in parameters() { p.grad = nil }
    }

    /// Stops gradients for every parameter of this module (transfer learning:
    /// `model.backbone.freeze()`); an optimizer then leaves them unchanged.
    public func freeze() {
        for p in parameters() { p.requiresGrad = false; p.grad = nil }
    }

    /// Lets gradients flow to every parameter of this module again.
    public func unfreeze() {
        for p in parameters() { p.requiresGrad = true }
    }
}

/// Marks a stored tensor as a buffer: saved in the state dict and checkpoints,
/// but not a parameter (no gradient, not given to optimizers).
///
/// ```swift
/// @Buffer var runningMean = Tensor.zeros([features])
/// ```
@propertyWrapper
public struct Buffer {
    public var wrappedValue: Tensor
    public init(wrappedValue: Tensor) { self.wrappedValue = wrappedValue }
}
