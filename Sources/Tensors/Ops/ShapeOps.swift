// Shape operations. A reshape shares storage; the rest gather into a new
// contiguous tensor, and their backward scatters (or gathers) the gradient back.

extension Tensor {
    /// Reshape without recording (storage shared); for use inside ops.
    func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, storage: storage) }

    /// The same elements in a new shape; one dimension may be -1 (inferred). Shares storage.
    public func reshape(_ newShape: [Int]) -> Tensor {
        var newShape = newShape
        if let i = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "reshape: shape \(newShape) is invalid for input of size \(count) (shape \(shape))")
            newShape[i] = count / known
        }
        precondition(Shape.count(newShape) == count, "reshape: shape \(newShape) is invalid for input of size \(count) (shape \(shape))")
        let old = shape
        return reshaped(newShape).recorded("reshape", [self]) { g, _ in [g.reshape(old)] }
    }

    /// Flattens dimensions `startDim...endDim` into one (`torch.flatten`).
    public func flatten(startDim start: Int = 0, endDim end: Int = -1) -> Tensor {
        if rank == 0 { return reshape([1]) }
        let s = Shape.axis(start, rank: rank, op: "flatten"), e = Shape.axis(end, rank: rank, op: "flatten")
        return reshape(Array(shape[..<s]) + [shape[s...e].reduce(1, *)] + Array(shape[(e + 1)...]))
    }

    /// Reorders dimensions: result dimension i is input dimension `order[i]`.
    public func permute(_ order: [Int]) -> Tensor {
        let order = order.map { Shape.axis($0, rank: rank, op: "permute") }
        precondition(
            order.count == rank && Set(order).count == rank,
            "permute: order \(order) is not a permutation of the \(rank) dimensions of shape \(shape)")
        let strides = Shape.strides(shape)
        let out = gathered(shape: order.map { shape[$0] }, strides: order.map { strides[$0] })
        var inverse = order
        for (i, o) in order.enumerated() { inverse[o] = i }
        return out.recorded("permute", [self]) { g, _ in [g.permute(inverse)] }
    }

    /// Swaps two dimensions.
    public func transpose(_ a: Int, _ b: Int) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(Shape.axis(a, rank: rank, op: "transpose"), Shape.axis(b, rank: rank, op: "transpose"))
        return permute(order)
    }

    /// The transpose of a matrix (swaps the last two dimensions).
    public var T: Tensor {
        precondition(rank >= 2, "T: needs at least 2 dimensions, got shape \(shape)")
        return transpose(-1, -2)
    }

    /// Removes dimension `axis` (which must have size 1), or every size-1 dimension when nil.
    public func squeeze(axis: Int? = nil) -> Tensor {
        guard let axis else { return reshape(shape.filter { $0 != 1 }) }
        let a = Shape.axis(axis, rank: rank, op: "squeeze")
        guard shape[a] == 1 else { return self }
        var s = shape
        s.remove(at: a)
        return reshape(s)
    }

    /// Inserts a dimension of size 1 at `axis` (negative counts from the end of the result).
    public func unsqueeze(axis: Int) -> Tensor {
        let a = Shape.axis(axis, rank: rank + 1, op: "unsqueeze")
        var s = shape
        s.insert(1, at: a)
        return reshape(s)
    }

    /// Broadcasts to `newShape` (copying); the gradient is summed back.
    public func expand(_ newShape: [Int]) -> Tensor {
        if newShape == shape { return self }
        let target = Shape.broadcast(shape, newShape, op: "expand")
        precondition(target == newShape, "expand: the expanded size \(newShape) must match the existing size \(shape) at non-singleton dimensions")
        let old = shape
        return gathered(shape: newShape, strides: Shape.broadcastStrides(shape, to: newShape))
            .recorded("expand", [self]) { g, _ in [g.sumTo(old)] }
    }

    /// Elements `start..<end` (step `step`) along `axis`, like `x[:, start:end:step]`.
    /// Negative bounds count from the end; bounds are clipped as in Python.
    public func slice(axis: Int, start: Int = 0, end: Int? = nil, step: Int = 1) -> Tensor {
        let a = Shape.axis(axis, rank: rank, op: "slice")
        precondition(step > 0, "slice: step must be positive, got \(step)")
        let n = shape[a]
        func clip(_ i: Int) -> Int { Swift.min(Swift.max(i < 0 ? i + n : i, 0), n) }
        let s = clip(start), e = clip(end ?? n)
        var newShape = shape
        newShape[a] = e > s ? (e - s + step - 1) / step : 0
        var strides = Shape.strides(shape)
        let offset = s * strides[a]
        strides[a] *= step
        let inputShape = shape
        return gathered(shape: newShape, offset: offset, strides: strides).recorded("slice", [self]) { g, _ in
            let grad = Tensor.zeros(inputShape, dtype: g.dtype)
            grad.scatterAddStrided(g, offset: offset, strides: strides)
            return [grad]
        }
    }

    /// Row `i` of the first dimension, with that dimension removed (`x[i]`).
    public subscript(i: Int) -> Tensor {
        precondition(
            rank >= 1 && i >= -shape[0] && i < shape[0],
            "index: \(i) is out of bounds for dimension 0 of shape \(shape)")
        return slice(axis: 0, start: i, end: i + 1 == 0 ? nil : i + 1).squeeze(axis: 0)
    }

    /// Splits along `axis` into pieces of the given sizes (`torch.split` with a list).
    public func split(sizes: [Int], axis: Int = 0) -> [Tensor] {
        let a = Shape.axis(axis, rank: rank, op: "split")
        precondition(sizes.reduce(0, +) == shape[a], "split: sizes \(sizes) do not add up to \(shape[a]), dimension \(a) of shape \(shape)")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(axis: a, start: start, end: start + size)
        }
    }

    /// Splits along `axis` into pieces of `size` (the last may be smaller).
    public func split(size: Int, axis: Int = 0) -> [Tensor] {
        precondition(size > 0, "split: size must be positive, got \(size)")
        let n = shape[Shape.axis(axis, rank: rank, op: "split")]
        return split(sizes: stride(from: 0, to: n, by: size).map { Swift.min(size, n - $0) }, axis: axis)
    }

    /// `n` nearly equal pieces along `axis` (`torch.chunk`).
    public func chunk(_ n: Int, axis: Int = 0) -> [Tensor] {
        precondition(n > 0, "chunk: number of chunks must be positive, got \(n)")
        let len = shape[Shape.axis(axis, rank: rank, op: "chunk")]
        return split(size: (len + n - 1) / n, axis: axis)
    }

    /// Pads with `value`; `padding` gives (before, after) for each dimension from the first.
    public func pad(_ padding: [(Int, Int)], value: Double = 0) -> Tensor {
        precondition(padding.count <= rank, "pad: \(padding.count) padding pairs for a tensor of shape \(shape)")
        let pads = padding + Array(repeating: (0, 0), count: rank - padding.count)
        precondition(pads.allSatisfy { $0.0 >= 0 && $0.1 >= 0 }, "pad: padding must be non-negative, got \(padding)")
        let newShape = zip(shape, pads).map { $0 + $1.0 + $1.1 }
        let out = Tensor.full(newShape, value, dtype: dtype)
        let strides = Shape.strides(newShape)
        let offset = zip(strides, pads).map { $0 * $1.0 }.reduce(0, +)
        // `out` holds `value` everywhere; adding `self - value` leaves `self` in the interior.
        noGrad { out.scatterAddStrided(value == 0 ? self : self - value, offset: offset, strides: strides) }
        let inputShape = shape
        return out.recorded("pad", [self]) { g, _ in
            [g.gathered(shape: inputShape, offset: offset, strides: strides)]
        }
    }
}

/// Joins tensors along an existing axis (`torch.cat`).
public func concat(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    precondition(!tensors.isEmpty, "concat: expected a non-empty list of tensors")
    let first = tensors[0]
    precondition(first.rank > 0, "concat: zero-dimensional tensor (shape []) cannot be concatenated")
    let a = Shape.axis(axis, rank: first.rank, op: "concat")
    for t in tensors {
        precondition(
            t.rank == first.rank && t.shape.enumerated().allSatisfy { $0.offset == a || $0.element == first.shape[$0.offset] },
            "concat: sizes of tensors must match except in dimension \(a); got shapes \(first.shape) and \(t.shape)")
    }
    let type = tensors.map(\.dtype).reduce(first.dtype, DType.promote)
    var shape = first.shape
    shape[a] = tensors.map { $0.shape[a] }.reduce(0, +)
    let out = Tensor.zeros(shape, dtype: type)
    let strides = Shape.strides(shape)
    var offsets: [Int] = []
    var start = 0
    for t in tensors {
        offsets.append(start * strides[a])
        out.scatterAddStrided(t, offset: start * strides[a], strides: strides)
        start += t.shape[a]
    }
    return out.recorded("concat", tensors) { g, c in
        zip(c.inputs, offsets).map { t, offset in g.gathered(shape: t.shape, offset: offset, strides: strides) }
    }
}

/// Joins tensors of one shape along a new axis (`torch.stack`).
public func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    precondition(!tensors.isEmpty, "stack: expected a non-empty list of tensors")
    for t in tensors {
        precondition(t.shape == tensors[0].shape, "stack: expects each tensor to be equal size, but got \(tensors[0].shape) and \(t.shape)")
    }
    return concat(tensors.map { $0.unsqueeze(axis: axis) }, axis: axis)
}
