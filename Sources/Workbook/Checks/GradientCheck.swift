import Tensors

/// Centred finite differences in float64, as in CS231n's `eval_numerical_gradient`,
/// with the five-point stencil
/// `df/dx_i ~ (-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)) / 12h`.
/// Its truncation error is O(h⁴) instead of the two-point O(h²), so a larger step
/// (h = 1e-3) keeps the rounding error of `f` small too: gradient entries near
/// 1e-4 are then measured to about 1e-9 relative, not 1e-6.
public func numericalGradient(of f: ([Double]) throws -> Double, at x: [Double], h: Double = 1e-3) rethrows -> [Double] {
    ExerciseTwins.called("numericalGradient", twinOf: ["*"])
    var x = x
    var grad = [Double](repeating: 0, count: x.count)
    for i in x.indices {
        let saved = x[i]
        func value(at offset: Double) throws -> Double {
            x[i] = saved + offset
            return try f(x)
        }
        let (plus2, plus, minus, minus2) = (try value(at: 2 * h), try value(at: h), try value(at: -h), try value(at: -2 * h))
        x[i] = saved
        grad[i] = (minus2 - plus2 + 8 * (plus - minus)) / (12 * h)
    }
    return grad
}

/// The numerical gradient of `sum(f(x) * seed)` with respect to `x` (CS231n's
/// `eval_numerical_gradient_array`); `seed` defaults to ones. `x` is converted to
/// float64 and `f` runs without recording the graph.
public func numericalGradient(of f: (Tensor) throws -> Tensor, at x: Tensor, seed: Tensor? = nil,
                              h: Double = 1e-3) rethrows -> Tensor {
    let shape = x.shape
    let seedValues = seed?.doubles
    let grad = try numericalGradient(of: { values in
        let out = try noGrad { try f(Tensor(values, shape: shape, dtype: .float64)) }.doubles
        if let seedValues {
            precondition(seedValues.count == out.count, "numericalGradient: seed has \(seedValues.count) elements, f(x) has \(out.count)")
            return zip(out, seedValues).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return out.reduce(0, +)
    }, at: x.doubles, h: h)
    return Tensor(grad, shape: shape, dtype: .float64)
}

/// Checks an analytic gradient of `sum(f(x) * seed)` against finite differences.
///
/// With `analytic` nil, autograd computes it (`f(x).backward(seed)` on a float64
/// copy of `x`). Throws a `CheckFailure` naming the relative error, the
/// tolerance and the worst element when they disagree; returns the relative error.
/// When grading, the analytic gradient is also recorded for the grader's checker.
@discardableResult
public func checkGradient(of f: (Tensor) throws -> Tensor, at x: Tensor, analytic: Tensor? = nil,
                          seed: Tensor? = nil, tolerance: Double = 1e-7, h: Double = 1e-3,
                          _ what: String = "gradient", file: String = #fileID, function: String = #function) throws -> Double {
    let point = Tensor(x.doubles, shape: x.shape, dtype: .float64)
    let gradient: Tensor
    if let analytic {
        gradient = analytic
    } else {
        let input = Tensor(x.doubles, shape: x.shape, dtype: .float64, requiresGrad: true)
        let out = try f(input)
        ExerciseTwins.unwatched { out.backward(seed ?? Tensor.ones(out.shape, dtype: out.dtype)) }
        guard let grad = input.grad else { throw CheckFailure(Messages().noGradient(what)) }
        gradient = grad
    }
    guard gradient.shape == x.shape else {
        throw CheckFailure(Messages().gradientShape(what, gradient: gradient.shape, x: x.shape))
    }
    let numeric = try ExerciseTwins.unwatched { try numericalGradient(of: f, at: point, seed: seed, h: h) }.doubles
    let analyticValues = gradient.doubles
    CheckRecorder.record(CheckRecord(test: CheckRecord.testKey(file: file, function: function), label: what, kind: .gradient,
                                     got: analyticValues, expected: numeric, shape: x.shape, rtol: tolerance))
    let error = relativeError(analyticValues, numeric)
    guard error <= tolerance else {
        let worst = analyticValues.indices.max { elementRelativeError(analyticValues[$0], numeric[$0]) < elementRelativeError(analyticValues[$1], numeric[$1]) } ?? 0
        throw CheckFailure(Messages().gradientMismatch(what, error: short(error), tolerance: short(tolerance),
            at: indexText(multiIndex(worst, shape: x.shape)), analytic: short(analyticValues[worst]),
            numerical: short(numeric[worst])))
    }
    return error
}
