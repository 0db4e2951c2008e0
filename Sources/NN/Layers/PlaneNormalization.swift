import Tensors

// The one fused op behind batch, group and instance normalisation.
//
// An input [N, C, spatial...] is a stack of N·C planes, one per (item, channel),
// each `length` contiguous elements. The three normalisations differ only in
// which planes share a mean and variance:
//
//     batch norm       channel c of every item              one statistic per channel
//     group norm       the C/G channels of group g of item n  one per (item, group)
//     instance norm    a single plane                        group norm with G = C
//
// after which every channel is scaled and shifted by its own weight γ and bias β:
//
//     y = x̂ · γ[c] + β[c],    x̂ = (x - mean) · invStd,    invStd = 1 / √(var + eps)
//
// Forward: one pass for the sums, one for the squared deviations from the mean
// (accurate even when the mean is large), one writing y = a·x + b with a and b
// fixed per plane. Backward, with m elements per statistic and dx̂ = γ·dy:
//
//     dβ[c] = Σ dy        dγ[c] = Σ dy·x̂
//     dx = invStd · (dx̂ - mean(dx̂) - x̂ · mean(dx̂·x̂))     statistics of this batch
//     dx = invStd · dx̂                                    fixed (running) statistics
//
// Every sum above is a sum over planes of two per-plane sums, Σ dy and
// Σ dy·(x - mean), so the backward is also two passes: those sums, then
// dx = a·dy + b·(x - mean) + c with coefficients fixed per plane.
// Planes are independent, so each pass is split across the free cores (Threads.swift).

/// Which planes of [N, C, ...] share a mean and variance.
enum PlaneGrouping {
    /// One statistic per channel over all items (batch norm).
    case perChannel
    /// `groups` statistics per item, each over `C / groups` consecutive channels (group and instance norm).
    case perItem(groups: Int)
}

/// Mean and biased variance of each group of planes.
struct PlaneStatistics {
    var mean: [Double]
    var variance: [Double]
}

/// The planes of an [N, C, ...] tensor and the statistic each belongs to.
struct PlaneLayout {
    let items: Int, channels: Int, length: Int
    let grouping: PlaneGrouping

    init(_ shape: [Int], _ grouping: PlaneGrouping) {
        (items, channels) = (shape[0], shape[1])
        length = shape.dropFirst(2).reduce(1, *)
        self.grouping = grouping
    }

    var planes: Int { items * channels }

    var groupCount: Int {
        switch grouping {
        case .perChannel: return channels
        case .perItem(let groups): return items * groups
        }
    }

    /// Elements averaged into each statistic.
    var elementsPerGroup: Int {
        switch grouping {
        case .perChannel: return items * length
        case .perItem(let groups): return channels / groups * length
        }
    }

    @inline(__always) func group(ofPlane p: Int) -> Int {
        switch grouping {
        case .perChannel: return p % channels
        case .perItem(let groups): return p / (channels / groups)
        }
    }

    /// Runs `body` for every plane, split across the free cores (Threads.swift) when there is enough work.
    func forEachPlane(_ body: (Int) -> Void) {
        parallelRanges(planes, grain: Swift.max(1, (1 << 15) / Swift.max(1, length))) { range in
            for p in range { body(p) }
        }
    }

    /// Adds each plane's value into its group's slot.
    func groupSums(_ perPlane: [Double]) -> [Double] {
        var sums = [Double](repeating: 0, count: groupCount)
        for p in 0..<planes { sums[group(ofPlane: p)] += perPlane[p] }
        return sums
    }
}

/// Normalises `x` [N, C, ...] with the statistics of each group of planes and
/// applies the per-channel `weight` and `bias` ([C] each, optional); with `fixed`
/// statistics (batch norm in evaluation) uses those instead of computing them.
/// Returns the output and the statistics used, for the running averages.
func normalizePlanes(
    _ x: Tensor, _ grouping: PlaneGrouping, weight: Tensor?, bias: Tensor?, eps: Double,
    fixed: PlaneStatistics? = nil, op: String
) -> (output: Tensor, statistics: PlaneStatistics) {
    precondition(x.rank >= 2, "\(op): expected input of shape [N, C, ...], got \(x.shape)")
    let layout = PlaneLayout(x.shape, grouping)
    for (name, t) in [("weight", weight), ("bias", bias)] {
        if let t {
            precondition(
                t.shape == [layout.channels] && t.dtype == x.dtype,
                "\(op): \(name) has shape \(t.shape) (\(t.dtype)), expected [\(layout.channels)] (\(x.dtype)) for input \(x.shape)")
        }
    }
    if let fixed {
        precondition(
            fixed.mean.count == layout.groupCount && fixed.variance.count == layout.groupCount,
            "\(op): expected \(layout.groupCount) running statistics for input \(x.shape)")
    }
    let statistics =
        fixed
        ?? x.dispatchFloat(
            op, float: { planeStatistics(Float.self, x, layout) },
            double: { planeStatistics(Double.self, x, layout) })
    let invStd = statistics.variance.map { 1 / ($0 + eps).squareRoot() }
    let gamma = weight?.doubles ?? Array(repeating: 1, count: layout.channels)
    let beta = bias?.doubles ?? Array(repeating: 0, count: layout.channels)
    let y = Tensor.zeros(x.shape, dtype: x.dtype)
    x.dispatchFloat(
        op, float: { affineForward(Float.self, x, y, layout, statistics.mean, invStd, gamma, beta) },
        double: { affineForward(Double.self, x, y, layout, statistics.mean, invStd, gamma, beta) })

    let inputs = [x] + [weight, bias].compactMap { $0 }
    let needs = (x: x.requiresGrad, weight: weight?.requiresGrad ?? false, bias: bias?.requiresGrad ?? false)
    let gradients = PlaneGradients(
        layout: layout, mean: statistics.mean, invStd: invStd, gamma: gamma,
        batchStatistics: fixed == nil, hasWeight: weight != nil, hasBias: bias != nil, needs: needs)
    let output = y.recorded(op, inputs) { gy, c in
        gy.dispatchFloat(
            op, float: { gradients.compute(Float.self, gy, c.inputs[0]) },
            double: { gradients.compute(Double.self, gy, c.inputs[0]) })
    }
    return (output, statistics)
}

// MARK: Kernels

private func planeStatistics<T: FloatElement & SIMDScalar>(_: T.Type, _ x: Tensor, _ layout: PlaneLayout) -> PlaneStatistics {
    let (n, count) = (layout.length, Double(layout.elementsPerGroup))
    var perPlane = [Double](repeating: 0, count: layout.planes)
    return x.elements(T.self) { xs in
        let xp = UnsafePointer(xs.baseAddress!)
        perPlane.withUnsafeMutableBufferPointer { sums in
            layout.forEachPlane { p in
                let row = xp + p * n
                sums[p] = pairSum(n, { (load(row, $0), SIMD8()) }, { (row[$0], 0) }).0
            }
        }
        let mean = layout.groupSums(perPlane).map { $0 / count }
        perPlane.withUnsafeMutableBufferPointer { squares in
            layout.forEachPlane { p in
                let row = xp + p * n
                let m = T(mean[layout.group(ofPlane: p)]), lanes = SIMD8<T>(repeating: m)
                squares[p] =
                    pairSum(
                        n,
                        { i in
                            let d = load(row, i) - lanes; return (d * d, SIMD8())
                        },
                        { i in
                            let d = row[i] - m; return (d * d, 0)
                        }
                    ).0
            }
        }
        return PlaneStatistics(mean: mean, variance: layout.groupSums(perPlane).map { $0 / count })
    }
}

/// y = a·x + b per plane, a = γ·invStd, b = β - mean·a.
private func affineForward<T: FloatElement>(
    _: T.Type, _ x: Tensor, _ y: Tensor, _ layout: PlaneLayout, _ mean: [Double],
    _ invStd: [Double], _ gamma: [Double], _ beta: [Double]
) {
    let n = layout.length
    x.elements(T.self) { xs in
        y.elements(T.self) { ys in
            let (xp, yp) = (UnsafePointer(xs.baseAddress!), ys.baseAddress!)
            layout.forEachPlane { p in
                let (g, c) = (layout.group(ofPlane: p), p % layout.channels)
                let scale = gamma[c] * invStd[g]
                let (a, b) = (T(scale), T(beta[c] - mean[g] * scale))
                let (row, out) = (xp + p * n, yp + p * n)
                for i in 0..<n { out[i] = a * row[i] + b }
            }
        }
    }
}

/// The backward of `normalizePlanes`: everything it needs besides dy and x, as plain values.
private struct PlaneGradients {
    let layout: PlaneLayout
    let mean: [Double], invStd: [Double], gamma: [Double]
    let batchStatistics: Bool
    let hasWeight: Bool, hasBias: Bool
    let needs: (x: Bool, weight: Bool, bias: Bool)

    /// [dx, dweight?, dbias?], in the order of the op's inputs.
    func compute<T: FloatElement & SIMDScalar>(_: T.Type, _ gy: Tensor, _ x: Tensor) -> [Tensor?] {
        let (n, channels) = (layout.length, layout.channels)
        // Per plane: Σ dy and Σ dy·(x - mean).
        var sumDy = [Double](repeating: 0, count: layout.planes), sumDyXc = sumDy
        gy.elements(T.self) { gs in
            x.elements(T.self) { xs in
                let (gp, xp) = (UnsafePointer(gs.baseAddress!), UnsafePointer(xs.baseAddress!))
                sumDy.withUnsafeMutableBufferPointer { dySums in
                    sumDyXc.withUnsafeMutableBufferPointer { dyxSums in
                        layout.forEachPlane { p in
                            let (grow, xrow) = (gp + p * n, xp + p * n)
                            let m = T(mean[layout.group(ofPlane: p)]), lanes = SIMD8<T>(repeating: m)
                            (dySums[p], dyxSums[p]) = pairSum(
                                n,
                                { i in
                                    let d = load(grow, i); return (d, d * (load(xrow, i) - lanes))
                                },
                                { i in (grow[i], grow[i] * (xrow[i] - m)) })
                        }
                    }
                }
            }
        }
        var dgamma = [Double](repeating: 0, count: channels), dbeta = dgamma
        for p in 0..<layout.planes {
            let c = p % channels
            dbeta[c] += sumDy[p]
            dgamma[c] += sumDyXc[p] * invStd[layout.group(ofPlane: p)]
        }
        var grads: [Tensor?] = [needs.x ? inputGradient(T.self, gy, x, sumDy, sumDyXc) : nil]
        if hasWeight { grads.append(needs.weight ? Tensor(dgamma, shape: [channels], dtype: gy.dtype) : nil) }
        if hasBias { grads.append(needs.bias ? Tensor(dbeta, shape: [channels], dtype: gy.dtype) : nil) }
        return grads
    }

    /// dx = a·dy + b·(x - mean) + c per plane.
    private func inputGradient<T: FloatElement>(_: T.Type, _ gy: Tensor, _ x: Tensor, _ sumDy: [Double], _ sumDyXc: [Double]) -> Tensor {
        let (n, channels) = (layout.length, layout.channels)
        var (meanDxhat, meanDxhatXhat) = ([Double](repeating: 0, count: layout.groupCount), [Double](repeating: 0, count: layout.groupCount))
        if batchStatistics {
            let count = Double(layout.elementsPerGroup)
            for p in 0..<layout.planes {
                let (g, c) = (layout.group(ofPlane: p), p % channels)
                meanDxhat[g] += gamma[c] * sumDy[p] / count
                meanDxhatXhat[g] += gamma[c] * invStd[g] * sumDyXc[p] / count
            }
        }
        let dx = Tensor.zeros(x.shape, dtype: x.dtype)
        gy.elements(T.self) { gs in
            x.elements(T.self) { xs in
                dx.elements(T.self) { ds in
                    let (gp, xp, dp) = (UnsafePointer(gs.baseAddress!), UnsafePointer(xs.baseAddress!), ds.baseAddress!)
                    layout.forEachPlane { p in
                        let (g, c) = (layout.group(ofPlane: p), p % channels)
                        let a = T(gamma[c] * invStd[g])
                        let b = T(-invStd[g] * invStd[g] * meanDxhatXhat[g])
                        let offset = T(-invStd[g] * meanDxhat[g])
                        let m = T(mean[g])
                        let (grow, xrow, drow) = (gp + p * n, xp + p * n, dp + p * n)
                        for i in 0..<n { drow[i] = a * grow[i] + b * (xrow[i] - m) + offset }
                    }
                }
            }
        }
        return dx
    }
}

/// Eight elements from `p + i` (any alignment).
@inline(__always)
private func load<T: SIMDScalar>(_ p: UnsafePointer<T>, _ i: Int) -> SIMD8<T> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<T>.self)
}

/// (Σ first, Σ second) of `terms(i)` over 0..<n: eight lanes at a time, `single(i)` for the tail.
/// Each 1024-element chunk is summed in T, the chunks in Double, which keeps float32 sums of
/// large planes accurate without giving up vector adds.
@inline(__always)
private func pairSum<T: FloatElement & SIMDScalar>(
    _ n: Int, _ terms: (Int) -> (SIMD8<T>, SIMD8<T>),
    _ single: (Int) -> (T, T)
) -> (Double, Double) {
    var total = (0.0, 0.0), start = 0
    while start < n {
        let end = Swift.min(n, start + 1024)
        var (a, b) = (SIMD8<T>(), SIMD8<T>()), i = start
        while i + 8 <= end {
            let (u, v) = terms(i)
            a += u
            b += v
            i += 8
        }
        var (s, t) = (a.sum(), b.sum())
        while i < end {
            let (u, v) = single(i)
            s += u
            t += v
            i += 1
        }
        total.0 += Double(s)
        total.1 += Double(t)
        start = end
    }
    return total
}
