import Testing
@testable import Tensors

/// CS231n's relative error, `max |a - b| / max(1e-8, |a| + |b|)` taken element by element.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "relativeError: \(a.count) and \(b.count) values")
    return zip(a, b).map { Swift.abs($0 - $1) / Swift.max(1e-8, Swift.abs($0) + Swift.abs($1)) }.max() ?? 0
}

/// Gradients of `Σ upstream ⊙ f(inputs)` with respect to each input, by centred finite differences.
///
/// Each element is moved by ±h·max(1, |x|) and the difference of the two outputs is
/// taken element by element before the weighted sum, which keeps the rounding
/// error far below the 1e-7 relative error asked of float64 gradients.
/// Inputs that do not require a gradient get `nil`.
func numericalGradients(_ f: ([Tensor]) -> Tensor, at inputs: [Tensor], upstream: [Double], h: Double = 1e-5) -> [[Double]?] {
    inputs.map { input in
        guard input.requiresGrad else { return nil }
        precondition(input.dtype == .float64, "numericalGradients: inputs must be float64, got \(input.dtype)")
        return (0..<input.count).map { i in
            let x = input.storage[double: i]
            let step = h * Swift.max(1, Swift.abs(x))
            let (up, down) = (x + step, x - step)
            input.storage[double: i] = up
            let plus = noGrad { f(inputs) }.doubles
            input.storage[double: i] = down
            let minus = noGrad { f(inputs) }.doubles
            input.storage[double: i] = x
            var total = 0.0
            for k in 0..<upstream.count { total += upstream[k] * (plus[k] - minus[k]) }
            return total / (up - down)
        }
    }
}

/// Gradients of `Σ upstream ⊙ f(inputs)` by the library's backward pass.
func analyticGradients(_ f: ([Tensor]) -> Tensor, at inputs: [Tensor], upstream: [Double]) -> [[Double]?] {
    for input in inputs { input.grad = nil }
    let out = f(inputs)
    out.backward(Tensor(upstream, shape: out.shape, dtype: out.dtype))
    return inputs.map { $0.requiresGrad ? ($0.grad?.doubles ?? [Double](repeating: 0, count: $0.count)) : nil }
}

/// Compares the backward pass of `f` with finite differences in float64 and returns the
/// largest CS231n relative error over all inputs. `upstream` defaults to fixed pseudo-random
/// weights, so no gradient cancels by symmetry.
func gradientCheck(_ f: ([Tensor]) -> Tensor, _ inputs: [Tensor], upstream: [Double]? = nil, h: Double = 1e-5) -> Double {
    let outCount = noGrad { f(inputs) }.count
    let weights = upstream ?? Random.withSeed(1234) { Tensor.uniform([outCount], low: -1, high: 1, dtype: .float64).doubles }
    let analytic = analyticGradients(f, at: inputs, upstream: weights)
    let numeric = numericalGradients(f, at: inputs, upstream: weights, h: h)
    var worst = 0.0
    for (a, n) in zip(analytic, numeric) {
        guard let a, let n else { continue }
        worst = Swift.max(worst, relativeError(a, n))
    }
    return worst
}

/// A float64 leaf that requires a gradient.
func leaf(_ values: [Double], _ shape: [Int]) -> Tensor {
    Tensor(values, shape: shape, dtype: .float64, requiresGrad: true)
}
