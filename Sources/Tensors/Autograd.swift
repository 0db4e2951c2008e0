/// Reverse-mode automatic differentiation on a runtime tape, as in micrograd and PyTorch.
///
/// Every differentiable op computes its result and then calls `recorded(_:_:backward:)`,
/// giving the op's name, its inputs and a closure that maps the gradient of the
/// output to the gradients of the inputs (the local derivative, chain-ruled).
/// `backward()` walks the graph in reverse topological order, found without
/// recursion, so graphs of any depth work.

/// What a backward closure may look at: the op's inputs and output, detached
/// from the graph (the closure must not keep graph tensors alive, see `GradFn.deinit`).
public struct BackwardContext {
    public let inputs: [Tensor]
    public let output: Tensor
}

/// A recorded operation: the edge from an output back to its inputs.
final class GradFn {
    let name: String
    var inputs: [Tensor]
    let backward: (Tensor, BackwardContext) -> [Tensor?]
    /// The storage versions of the inputs and then the output when the op was recorded.
    let versions: [Int]

    init(name: String, inputs: [Tensor], output: Tensor, backward: @escaping (Tensor, BackwardContext) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
        versions = inputs.map(\.storage.version) + [output.storage.version]
    }

    /// Stops when a tensor this op kept for its backward pass was written in place since
    /// it was recorded: its gradient would be computed from the new values, silently wrong.
    func checkVersions(output: Tensor) {
        for (index, tensor) in (inputs + [output]).enumerated() where tensor.storage.version != versions[index] {
            let which = index < inputs.count ? "input \(index)" : "output"
            stop(
                "backward of \(name): a tensor needed for gradient computation was modified in place "
                    + "(\(which), shape \(tensor.shape), written \(tensor.storage.version - versions[index]) time(s) after the op was recorded). "
                    + "Write into a copy (`.clone()`), or after backward.", file: #fileID, line: #line)
        }
    }

    /// Releasing the last tensor of a long chain would release the chain
    /// recursively and overflow the stack; tear it down with a loop instead.
    deinit {
        var pending = inputs
        inputs = []
        while var t = pending.popLast() {
            guard isKnownUniquelyReferenced(&t), let fn = t.gradFn else { continue }
            t.gradFn = nil
            pending.append(contentsOf: fn.inputs)
            fn.inputs = []
        }
    }
}

/// The autograd switch, as `torch.is_grad_enabled()`.
///
/// Like PyTorch's grad mode (which is thread-local), the switch belongs to the
/// running task: a `noGrad { }` in one task or thread never stops recording in
/// another, so tests and data loaders may run side by side.
public enum Autograd {
    @TaskLocal static var recording = true

    /// Whether new operations are recorded. Turned off inside `noGrad { }`.
    public static var isEnabled: Bool { recording }
}

/// Runs `body` without recording operations (evaluation, parameter updates),
/// like `with torch.no_grad():`.
@discardableResult
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
    try Autograd.$recording.withValue(false, operation: body)
}

/// The library's task-local state (grad mode and the generator of a `withSeed` block),
/// captured where work is handed to another thread (a data loader's prefetch), so that
/// the work runs there as it would have run where it was handed over.
public struct TaskContext: Sendable {
    let recording: Bool
    let randomScope: Random.Scope?

    /// The state of the running task or thread.
    public static var current: TaskContext { TaskContext(recording: Autograd.recording, randomScope: Random.scope) }

    /// Runs `body` under this state.
    public func run<R>(_ body: () throws -> R) rethrows -> R {
        try Autograd.$recording.withValue(recording) {
            try Random.$scope.withValue(randomScope, operation: body)
        }
    }
}

extension Tensor {
    /// Attaches the op that produced `self` to the graph when any input needs a gradient.
    /// Returns `self`, so an op ends with `return out.recorded(...)`.
    ///
    /// This is the public way to define an op with a hand-written gradient, as
    /// `torch.autograd.Function` is in PyTorch (Architecture.md, "Custom ops"): compute the
    /// output without recording (`noGrad`), then give `backward`, which maps the output's
    /// gradient to one gradient per input (`nil` for an input that needs none) and reads the
    /// input and output values only through `ctx`.
    @discardableResult
    public func recorded(
        _ name: String, _ inputs: [Tensor],
        backward: @escaping (_ grad: Tensor, _ ctx: BackwardContext) -> [Tensor?]
    ) -> Tensor {
        guard Autograd.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return self }
        gradFn = GradFn(name: name, inputs: inputs, output: self, backward: backward)
        _requiresGrad = true
        return self
    }

    /// A tensor sharing this one's values, cut from the graph (`tensor.detach()`).
    public func detach() -> Tensor {
        Tensor(shape: shape, storage: storage)
    }

    /// Keep `grad` for this non-leaf tensor after `backward()`, like `retain_grad()`.
    public func retainGrad() {
        precondition(requiresGrad, "retainGrad: can't retain the gradient of a tensor that does not require grad")
        keepsGrad = true
    }

    /// Computes the gradient of this tensor with respect to every leaf that
    /// requires one, adding it to the leaves' `grad` (gradients accumulate
    /// across calls, as in PyTorch; call `zeroGrad` between steps).
    ///
    /// - Parameter seed: the gradient of some scalar with respect to `self`;
    ///   may be omitted only when `self` holds one element (then it is 1).
    public func backward(_ seed: Tensor? = nil) {
        // The exercises whose answer is a gradient written by hand.
        ExerciseTwins.called(
            "Tensor.backward (autograd)",
            twinOf: [
                "M01-E02", "M01-E03", "M01-E04", "M01-E05", "M01-E10", "M02-E03",
                "M02-E04", "M02-E11", "M03-E01", "P03-E04", "P05-E03",
            ])
        precondition(
            requiresGrad,
            "backward: element 0 of tensors does not require grad and does not have a gradFn")
        let start: Tensor
        if let seed {
            precondition(
                seed.shape == shape,
                "backward: seed gradient has shape \(seed.shape) but the tensor has shape \(shape)")
            start = seed.to(dtype).detach()
        } else {
            precondition(
                count == 1,
                "backward: grad can be implicitly created only for scalar outputs; this tensor has shape \(shape), pass a seed gradient of that shape")
            start = Tensor.ones(shape, dtype: dtype)
        }
        noGrad {
            let order = topologicalOrder()
            var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): start]
            for node in order {
                guard let g = grads.removeValue(forKey: ObjectIdentifier(node)) else { continue }
                if node.keepsGrad || node.gradFn == nil {
                    // A fresh copy: backward closures may hand the same tensor to several inputs.
                    node.grad = node.grad.map { $0 + g } ?? Tensor(shape: g.shape, storage: g.storage.copy())
                    // Every contribution has arrived: the order visits a node after all its consumers.
                    if node.gradFn == nil { node.postAccumulateGradHook?(node) }
                }
                guard let fn = node.gradFn else { continue }
                fn.checkVersions(output: node)
                let ctx = BackwardContext(inputs: fn.inputs.map { $0.detach() }, output: node.detach())
                let inputGrads = fn.backward(g, ctx)
                precondition(inputGrads.count == fn.inputs.count, "backward of \(fn.name): wrong number of gradients")
                for (input, ig) in zip(fn.inputs, inputGrads) where input.requiresGrad {
                    guard var ig else { continue }
                    if ig.dtype != input.dtype { ig = ig.to(input.dtype) }
                    precondition(
                        ig.shape == input.shape,
                        "backward of \(fn.name): gradient shape \(ig.shape) does not match input shape \(input.shape)")
                    let key = ObjectIdentifier(input)
                    grads[key] = grads[key].map { $0 + ig } ?? ig
                }
            }
        }
    }

    /// Nodes reachable from `self` that require grad, outputs before inputs.
    /// Iterative depth-first search, so a 100,000-op chain does not touch the stack.
    func topologicalOrder() -> [Tensor] {
        var visited = Set<ObjectIdentifier>()
        var postOrder: [Tensor] = []
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, childrenDone) = stack.popLast() {
            if childrenDone { postOrder.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.gradFn?.inputs ?? [] where input.requiresGrad && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return postOrder.reversed()
    }
}
