import Tensors

/// One module call as a forward hook sees it: the module, its tensor inputs and outputs.
/// Layers called with several tensors (attention: query, key, value; recurrent layers:
/// input and initial state) report them all; a layer called with one tensor reports one.
public struct ForwardCall {
    public let module: Module
    public let inputs: [Tensor]
    public let outputs: [Tensor]
}

/// The hook installed by `Module.withForwardHook`, visible to the task that installed it.
final class ForwardHook: @unchecked Sendable {
    let body: (ForwardCall) -> Void
    init(_ body: @escaping (ForwardCall) -> Void) { self.body = body }

    @TaskLocal static var current: ForwardHook?
    /// The module whose one-tensor call is running: its own several-tensor call inside
    /// (`forward(x)` calling `self(x, x, x)`) is the same call, reported once.
    @TaskLocal static var reporting: ObjectIdentifier?
}

extension Module {
    /// Runs `body` and calls `hook` after every module call made inside it (on this task),
    /// so a layer's children report before the layer itself. Like PyTorch's global forward
    /// hooks (`register_module_forward_hook`); used for layer summaries and cost counting
    /// (`ModelCost`).
    ///
    /// ```swift
    /// Module.withForwardHook({ call in print(type(of: call.module), call.inputs.map(\.shape), "->", call.outputs.map(\.shape)) }) {
    ///     _ = model(images)
    /// }
    /// ```
    /// A layer's own `callAsFunction(_:_:...)` (attention, recurrent layers) reports through
    /// `reportingCall`.
    @discardableResult
    public static func withForwardHook<R>(_ hook: @escaping (ForwardCall) -> Void, _ body: () throws -> R) rethrows -> R {
        try ForwardHook.$current.withValue(ForwardHook(hook), operation: body)
    }

    /// `withForwardHook` for hooks that want the first input and output only:
    /// `hook(module, input, output)`.
    @discardableResult
    public static func withForwardHook<R>(_ hook: @escaping (Module, Tensor, Tensor) -> Void, _ body: () throws -> R) rethrows -> R {
        try withForwardHook({ call in hook(call.module, call.inputs[0], call.outputs[0]) }, body)
    }

    /// Runs `body`, a call of this module with several tensors in or out, and reports it to
    /// the forward hook: a layer's `callAsFunction(_:_:...)` wraps its work in it.
    public func reportingCall<R>(inputs: @autoclosure () -> [Tensor?], outputs: (R) -> [Tensor], _ body: () throws -> R) rethrows -> R {
        guard let hook = ForwardHook.current, ForwardHook.reporting != ObjectIdentifier(self) else { return try body() }
        let result = try body()
        hook.body(ForwardCall(module: self, inputs: inputs().compactMap { $0 }, outputs: outputs(result)))
        return result
    }

    /// The one-tensor call, reported once even when `forward` goes through `reportingCall`.
    func reportingForward(_ x: Tensor) -> Tensor {
        guard let hook = ForwardHook.current else { return forward(x) }
        let y = ForwardHook.$reporting.withValue(ObjectIdentifier(self)) { forward(x) }
        hook.body(ForwardCall(module: self, inputs: [x], outputs: [y]))
        return y
    }
}
