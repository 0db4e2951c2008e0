import Tensors

// The course's one gradient checker: the library's own tests, the lessons' exercises and
// the hidden tests all compare autograd (or a hand-written backward) with these finite
// differences.

/// Centred finite differences in float64, as in CS231n's `eval_numerical_gradient`,
/// with the five-point stencil
/// `df/dx_i ~ (-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)) / 12h`.
/// Its truncation error is O(h⁴) instead of the two-point O(h²), so a larger step
/// (h = 1e-3) keeps the rounding error of `f` small too: gradient entries near
/// 1e-4 are then measured to about 1e-9 relative, not 1e-6.
public func numericalGradient(of f: ([Double]) throws -> Double, at x: [Double], h: Double = 1e-3) rethrows -> [Double] {
    try fivePointGradient(of: { [try f($0)] }, at: x, weights: [1], h: h)
}

/// The stencil for `Σ_k weights_k · f(x)_k`. The four outputs are combined element by
/// element before the weighted sum, so large outputs that cancel in the difference do not
/// swamp the rounding error.
private func fivePointGradient(
    of f: ([Double]) throws -> [Double], at x: [Double], weights: [Double],
    h: Double
) rethrows -> [Double] {
    ExerciseTwins.called("numericalGradient", twinOf: ["*"])
    var x = x
    var grad = [Double](repeating: 0, count: x.count)
    for i in x.indices {
        let saved = x[i]
        func value(at offset: Double) throws -> [Double] {
            x[i] = saved + offset
            let out = try f(x)
            precondition(out.count == weights.count, "numericalGradient: the seed has \(weights.count) elements, f(x) has \(out.count)")
            return out
        }
        let (plus2, plus, minus, minus2) = (try value(at: 2 * h), try value(at: h), try value(at: -h), try value(at: -2 * h))
        x[i] = saved
        var total = 0.0
        for k in weights.indices { total += weights[k] * (minus2[k] - plus2[k] + 8 * (plus[k] - minus[k])) }
        grad[i] = total / (12 * h)
    }
    return grad
}

/// The numerical gradient of `sum(f(x) * seed)` with respect to `x` (CS231n's
/// `eval_numerical_gradient_array`); `seed` defaults to ones. `x` is converted to
/// float64 and `f` runs without recording the graph.
public func numericalGradient(
    of f: (Tensor) throws -> Tensor, at x: Tensor, seed: Tensor? = nil,
    h: Double = 1e-3
) rethrows -> Tensor {
    try numericalGradients(of: { try f($0[0]) }, at: [differentiable(x)], seed: seed, h: h)[0]!
}

/// The numerical gradients of `sum(f(inputs) * seed)` (seed: ones by default) with respect
/// to the inputs that require a gradient, each moved as a float64 copy; the others are passed
/// as they are and get nil, as in `torch.autograd.gradcheck`. `f` runs without recording the graph.
public func numericalGradients(
    of f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], seed: Tensor? = nil,
    h: Double = 1e-3
) rethrows -> [Tensor?] {
    let points = inputs.map { $0.requiresGrad ? Tensor($0.doubles, shape: $0.shape, dtype: .float64) : $0 }
    func outputs(_ points: [Tensor]) throws -> [Double] { try noGrad { try f(points) }.doubles }
    let weights = try seed?.doubles ?? [Double](repeating: 1, count: outputs(points).count)
    return try inputs.indices.map { j in
        guard inputs[j].requiresGrad else { return nil }
        let shape = points[j].shape
        let grad = try fivePointGradient(
            of: { values in
                var moved = points
                moved[j] = Tensor(values, shape: shape, dtype: .float64)
                return try outputs(moved)
            }, at: points[j].doubles, weights: weights, h: h)
        return Tensor(grad, shape: shape, dtype: .float64)
    }
}

/// Autograd's gradients of `sum(f(inputs) * seed)` (seed: ones by default) with respect to
/// the inputs that require a gradient, taken on float64 copies (the inputs are left
/// untouched); the others get nil.
public func autogradGradients(of f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], seed: Tensor? = nil) rethrows -> [Tensor?] {
    let leaves = inputs.map { $0.requiresGrad ? differentiable($0) : $0 }
    let out = try f(leaves)
    out.backward(seed?.to(out.dtype) ?? Tensor.ones(out.shape, dtype: out.dtype))
    return inputs.indices.map { j in
        inputs[j].requiresGrad ? leaves[j].grad ?? Tensor.zeros(leaves[j].shape, dtype: .float64) : nil
    }
}

/// Fixed pseudo-random weights in [-1, 1] (seed 1234) of `output`'s shape, so that no
/// gradient cancels by symmetry (with a seed of ones, the gradient of a softmax is zero
/// whatever its backward says).
public func randomSeed(like output: Tensor) -> Tensor {
    Random.withSeed(1234) { Tensor.uniform(output.shape, low: -1, high: 1, dtype: .float64) }
}

/// How far autograd is from finite differences: the largest CS231n relative error over the
/// inputs that require a gradient, for `sum(f(inputs) * seed)` with `randomSeed(like:)`
/// weights unless a seed is given. About 1e-7 or less in float64 means the backward pass is right.
public func gradientError(
    of f: ([Tensor]) throws -> Tensor, at inputs: [Tensor], seed: Tensor? = nil,
    h: Double = 1e-3
) rethrows -> Double {
    let seed = try seed ?? randomSeed(like: noGrad { try f(inputs) })
    let analytic = try autogradGradients(of: f, at: inputs, seed: seed)
    let numeric = try numericalGradients(of: f, at: inputs, seed: seed, h: h)
    return zip(analytic, numeric).compactMap { a, n in
        guard let a, let n else { return nil }
        return relativeError(a.doubles, n.doubles)
    }.max() ?? 0
}

/// `gradientError(of:at:seed:h:)` for a function of one tensor, differentiated whether or
/// not it requires a gradient.
public func gradientError(of f: (Tensor) throws -> Tensor, at x: Tensor, seed: Tensor? = nil, h: Double = 1e-3) rethrows -> Double {
    try gradientError(of: { try f($0[0]) }, at: [differentiable(x)], seed: seed, h: h)
}

/// `gradientError` for tensors that `f` reads itself, such as a module's float64 parameters:
/// each is moved in place for the finite differences and restored, and its `grad` is
/// overwritten by the backward pass.
public func gradientError(
    of f: () throws -> Tensor, wrt parameters: [Tensor], seed: Tensor? = nil,
    h: Double = 1e-3
) rethrows -> Double {
    let seed = try seed ?? randomSeed(like: noGrad(f))
    for p in parameters {
        precondition(p.dtype == .float64 && p.requiresGrad, "gradientError: parameters must be float64 and require a gradient")
        p.grad = nil
    }
    try f().backward(seed)
    let weights = seed.doubles
    return try parameters.map { p in
        let analytic = p.grad?.doubles ?? [Double](repeating: 0, count: p.count)
        let saved = p.doubles
        defer { p.withDoubles { for i in $0.indices { $0[i] = saved[i] } } }
        let numeric = try fivePointGradient(
            of: { values in
                p.withDoubles { for i in $0.indices { $0[i] = values[i] } }
                return try noGrad(f).doubles
            }, at: saved, weights: weights, h: h)
        return relativeError(analytic, numeric)
    }.max() ?? 0
}

/// A float64 leaf with the values of `x` that requires a gradient.
private func differentiable(_ x: Tensor) -> Tensor { Tensor(x.doubles, shape: x.shape, dtype: .float64, requiresGrad: true) }

/// Checks an analytic gradient of `sum(f(x) * seed)` against finite differences.
///
/// With `analytic` nil, autograd computes it (`f(x).backward(seed)` on a float64
/// copy of `x`). Throws a `CheckFailure` naming the relative error, the
/// tolerance and the worst element when they disagree; returns the relative error.
/// When grading, the analytic gradient is also recorded for the grader's checker.
@discardableResult
public func checkGradient(
    of f: (Tensor) throws -> Tensor, at x: Tensor, analytic: Tensor? = nil,
    seed: Tensor? = nil, tolerance: Double = 1e-7, h: Double = 1e-3,
    _ what: String = "gradient", file: String = #fileID, function: String = #function
) throws -> Double {
    let gradient: Tensor
    if let analytic {
        gradient = analytic
    } else {
        let input = differentiable(x)
        let out = try f(input)
        ExerciseTwins.unwatched { out.backward(seed ?? Tensor.ones(out.shape, dtype: out.dtype)) }
        guard let grad = input.grad else { throw CheckFailure(Messages().noGradient(what)) }
        gradient = grad
    }
    guard gradient.shape == x.shape else {
        throw CheckFailure(Messages().gradientShape(what, gradient: gradient.shape, x: x.shape))
    }
    let numeric = try ExerciseTwins.unwatched { try numericalGradient(of: f, at: x, seed: seed, h: h) }.doubles
    let analyticValues = gradient.doubles
    CheckRecorder.record(
        CheckRecord(
            test: CheckRecord.testKey(file: file, function: function), label: what, kind: .gradient,
            got: analyticValues, expected: numeric, shape: x.shape, rtol: tolerance))
    let error = relativeError(analyticValues, numeric)
    guard error <= tolerance else {
        let worst =
            analyticValues.indices.max { elementRelativeError(analyticValues[$0], numeric[$0]) < elementRelativeError(analyticValues[$1], numeric[$1]) } ?? 0
        throw CheckFailure(
            Messages().gradientMismatch(
                what, error: short(error), tolerance: short(tolerance),
                at: indexText(multiIndex(worst, shape: x.shape)), analytic: short(analyticValues[worst]),
                numerical: short(numeric[worst])))
    }
    return error
}
