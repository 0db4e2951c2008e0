// Reductions over one axis, several axes or everything, with `keepDims` as in
// PyTorch. Backward broadcasts the gradient back over the reduced axes.

extension Tensor {
    /// Axes normalised and sorted, or all axes when `axes` is nil or empty (as PyTorch's
    /// `sum(dim=[])` reduces everything).
    func reductionAxes(_ axes: [Int]?, op: String) -> [Int] {
        guard let axes, !axes.isEmpty else { return Array(0..<rank) }
        let normalised = axes.map { Shape.axis($0, rank: rank, op: op) }
        return rank == 0 ? [] : Array(Set(normalised)).sorted()  // a 0-d tensor reduces to itself
    }

    /// The shape with the reduced axes kept as size 1.
    func keptShape(_ axes: [Int]) -> [Int] {
        shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
    }

    /// Sum over `axes` (all when nil or empty).
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let axes = reductionAxes(axes, op: "sum")
        var t = detach()
        for a in axes { t = t.reduce(axis: a, initial: 0) { $0 + $1 }.reshaped(t.keptShape([a])) }
        let out = keepDims ? t : t.reshaped(shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
        let kept = keptShape(axes)
        return out.recorded("sum", [self]) { g, c in [g.reshape(kept).expand(c.inputs[0].shape)] }
    }

    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

    /// Mean over `axes` (all when nil or empty).
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let n = reductionAxes(axes, op: "mean").map { shape[$0] }.reduce(1, *)
        return sum(axes: axes, keepDims: keepDims) / Double(n)
    }

    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

    /// Variance over `axes`; `unbiased` divides by n-1 (PyTorch's default), else by n. As in
    /// PyTorch, the unbiased variance of one element is NaN (0/0).
    public func variance(axes: [Int]? = nil, unbiased: Bool = true, keepDims: Bool = false) -> Tensor {
        let n = reductionAxes(axes, op: "var").map { shape[$0] }.reduce(1, *)
        let centred = self - mean(axes: axes, keepDims: true)
        return (centred * centred).sum(axes: axes, keepDims: keepDims) / Double(unbiased ? n - 1 : n)
    }

    public func variance(axis: Int, unbiased: Bool = true, keepDims: Bool = false) -> Tensor {
        variance(axes: [axis], unbiased: unbiased, keepDims: keepDims)
    }

    /// Largest element along `axis`; the gradient goes to the first position that holds it (as `torch.max(dim)`).
    public func max(axis: Int, keepDims: Bool = false) -> Tensor { extremum(axis: axis, keepDims: keepDims, largest: true) }
    /// Smallest element along `axis`; the gradient goes to the first position that holds it.
    public func min(axis: Int, keepDims: Bool = false) -> Tensor { extremum(axis: axis, keepDims: keepDims, largest: false) }
    /// Largest element of the whole tensor, as a scalar.
    public func max() -> Tensor { reshape([-1]).max(axis: 0) }
    /// Smallest element of the whole tensor, as a scalar.
    public func min() -> Tensor { reshape([-1]).min(axis: 0) }

    /// Index of the largest element along `axis` (first on ties), int64.
    public func argmax(axis: Int, keepDims: Bool = false) -> Tensor { argExtremum(axis: axis, keepDims: keepDims, largest: true) }
    /// Index of the smallest element along `axis` (first on ties), int64.
    public func argmin(axis: Int, keepDims: Bool = false) -> Tensor { argExtremum(axis: axis, keepDims: keepDims, largest: false) }

    func argExtremum(axis: Int, keepDims: Bool, largest: Bool) -> Tensor {
        let axis = Shape.axis(axis, rank: rank, op: largest ? "argmax" : "argmin")
        if rank == 0 { return reshaped([1]).argExtremum(axis: 0, keepDims: false, largest: largest) }
        let (outer, n, inner) = split(at: axis)
        precondition(n > 0, "\(largest ? "argmax" : "argmin"): cannot reduce an empty dimension")
        let out = Storage(dtype: .int64, count: outer * inner)
        let idx = out.pointer(Int64.self)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = storage[double: o * n * inner + i], bestK = 0
                for k in 1..<Swift.max(n, 1) {
                    let v = storage[double: (o * n + k) * inner + i]
                    if largest ? (v > best || (v.isNaN && !best.isNaN)) : (v < best || (v.isNaN && !best.isNaN)) { best = v; bestK = k }
                }
                idx[o * inner + i] = Int64(bestK)
            }
        }
        var outShape = keptShape([axis])
        if !keepDims { outShape.remove(at: axis) }
        return Tensor(shape: outShape, storage: out)
    }

    func extremum(axis: Int, keepDims: Bool, largest: Bool) -> Tensor {
        let axis = Shape.axis(axis, rank: rank, op: largest ? "max" : "min")
        if rank == 0 { return reshape([1]).extremum(axis: 0, keepDims: false, largest: largest) }
        let index = argExtremum(axis: axis, keepDims: true, largest: largest)
        let values = noGrad { gather(axis: axis, index: index) }
        let out = keepDims ? values : values.reshaped(shape.enumerated().filter { $0.offset != axis }.map(\.element))
        let keptShape = index.shape
        return out.recorded(largest ? "max" : "min", [self]) { g, c in
            [Tensor.zeros(like: c.inputs[0]).scatterAdd(axis: axis, index: index, source: g.reshape(keptShape))]
        }
    }

    /// log Σ exp(x) along `axis`, computed stably by subtracting the maximum first.
    public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor {
        let m = noGrad { max(axis: axis, keepDims: true) }
        let r = (self - m).exp().sum(axis: axis, keepDims: true).log() + m
        return keepDims ? r : r.squeeze(axis: axis)
    }
}
