import Tensors

/// The hook installed by `Module.withForwardHook`, visible to the task that installed it.
final class ForwardHook: @unchecked Sendable {
    let body: (Module, Tensor, Tensor) -> Void
    init(_ body: @escaping (Module, Tensor, Tensor) -> Void) { self.body = body }

    @TaskLocal static var current: ForwardHook?
}

extension Module {
    /// Runs `body` and calls `hook(module, input, output)` after every module call made
    /// inside it (on this task), so a layer's children report before the layer itself.
    /// Like PyTorch's global forward hooks (`register_module_forward_hook`); used for
    /// layer summaries and cost counting (`ModelCost`).
    ///
    /// ```swift
    /// Module.withForwardHook({ m, x, y in print(type(of: m), x.shape, "->", y.shape) }) {
    ///     _ = model(images)
    /// }
    /// ```
    /// Only calls through `callAsFunction` are seen, so a module that overrides
    /// `callAsFunction` itself reports its children but not itself.
    @discardableResult
    public static func withForwardHook<R>(_ hook: @escaping (Module, Tensor, Tensor) -> Void, _ body: () throws -> R) rethrows -> R {
        try ForwardHook.$current.withValue(ForwardHook(hook), operation: body)
    }
}
