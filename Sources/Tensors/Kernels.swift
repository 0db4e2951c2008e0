/// The loops under every op. Each is generic over the element type and runs
/// over raw pointers; `dispatch` picks the specialisation for a dtype.

extension Tensor {
    /// `f` applied to every element; the result has `self`'s dtype.
    @inline(__always)
    func map(_ f: (Double) -> Double) -> Tensor {
        let out = Storage(dtype: dtype, count: count)
        switch dtype {
        case .float32: mapLoop(storage.pointer(Float.self), out.pointer(Float.self), count, f)
        case .float64: mapLoop(storage.pointer(Double.self), out.pointer(Double.self), count, f)
        case .int64: mapLoop(storage.pointer(Int64.self), out.pointer(Int64.self), count, f)
        }
        return Tensor(shape: shape, storage: out)
    }

    /// `f` applied elementwise to `self` and `other` after broadcasting both to a
    /// common shape and promoting both to a common dtype.
    @inline(__always)
    func zipWith(_ other: Tensor, op: String, _ f: (Double, Double) -> Double) -> Tensor {
        let type = DType.promote(dtype, other.dtype)
        let a = storage.dtype == type ? storage : storage.converted(to: type)
        let b = other.storage.dtype == type ? other.storage : other.storage.converted(to: type)
        let shape = self.shape == other.shape ? self.shape : Shape.broadcast(self.shape, other.shape, op: op)
        let out = Storage(dtype: type, count: Shape.count(shape))
        switch type {
        case .float32: zipLoop(a.pointer(Float.self), self.shape, b.pointer(Float.self), other.shape, out.pointer(Float.self), shape, f)
        case .float64: zipLoop(a.pointer(Double.self), self.shape, b.pointer(Double.self), other.shape, out.pointer(Double.self), shape, f)
        case .int64: zipLoop(a.pointer(Int64.self), self.shape, b.pointer(Int64.self), other.shape, out.pointer(Int64.self), shape, f)
        }
        return Tensor(shape: shape, storage: out)
    }

    /// Reduces along one axis with `combine`, starting from `initial`; the axis is removed.
    func reduce(axis: Int, initial: Double, _ combine: (Double, Double) -> Double) -> Tensor {
        let (outer, n, inner) = split(at: axis)
        var outShape = shape
        outShape.remove(at: axis)
        let out = Storage(dtype: dtype, count: outer * inner)
        switch dtype {
        case .float32: reduceLoop(storage.pointer(Float.self), out.pointer(Float.self), outer, n, inner, initial, combine)
        case .float64: reduceLoop(storage.pointer(Double.self), out.pointer(Double.self), outer, n, inner, initial, combine)
        case .int64: reduceLoop(storage.pointer(Int64.self), out.pointer(Int64.self), outer, n, inner, initial, combine)
        }
        return Tensor(shape: outShape, storage: out)
    }

    /// Sizes before, at and after `axis`: the tensor read as `[outer, n, inner]`.
    func split(at axis: Int) -> (outer: Int, n: Int, inner: Int) {
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (outer, shape[axis], inner)
    }

    /// A new contiguous tensor of `shape` whose element at multi-index `i` is
    /// `self`'s flat element `offset + sum(i[d] * strides[d])`. Transpose, slice
    /// and expand are all this one gather.
    func gathered(shape: [Int], offset: Int = 0, strides: [Int]) -> Tensor {
        let out = Storage(dtype: dtype, count: Shape.count(shape))
        switch dtype {
        case .float32: stridedCopy(storage.pointer(Float.self) + offset, strides, out.pointer(Float.self), shape)
        case .float64: stridedCopy(storage.pointer(Double.self) + offset, strides, out.pointer(Double.self), shape)
        case .int64: stridedCopy(storage.pointer(Int64.self) + offset, strides, out.pointer(Int64.self), shape)
        }
        return Tensor(shape: shape, storage: out)
    }

    /// Adds `source` (contiguous, shaped `source.shape`) into `self`'s storage at
    /// `offset + sum(i[d] * strides[d])`: the transpose of `gathered`. Mutates `self`.
    func scatterAddStrided(_ source: Tensor, offset: Int = 0, strides: [Int]) {
        let src = source.dtype == dtype ? source.storage : source.storage.converted(to: dtype)
        switch dtype {
        case .float32: stridedAdd(src.pointer(Float.self), storage.pointer(Float.self) + offset, strides, source.shape)
        case .float64: stridedAdd(src.pointer(Double.self), storage.pointer(Double.self) + offset, strides, source.shape)
        case .int64: stridedAdd(src.pointer(Int64.self), storage.pointer(Int64.self) + offset, strides, source.shape)
        }
    }
}

@inline(__always)
func mapLoop<T: TensorScalar>(_ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int, _ f: (Double) -> Double) {
    for i in 0..<n { y[i] = T(fromDouble: f(x[i].double)) }
}

@inline(__always)
func zipLoop<T: TensorScalar>(
    _ a: UnsafeMutablePointer<T>, _ aShape: [Int], _ b: UnsafeMutablePointer<T>, _ bShape: [Int],
    _ out: UnsafeMutablePointer<T>, _ shape: [Int], _ f: (Double, Double) -> Double
) {
    let n = Shape.count(shape)
    if aShape == bShape {
        for i in 0..<n { out[i] = T(fromDouble: f(a[i].double, b[i].double)) }
    } else if Shape.count(bShape) == 1 && Shape.count(aShape) == n {
        let s = b[0].double
        for i in 0..<n { out[i] = T(fromDouble: f(a[i].double, s)) }
    } else if Shape.count(aShape) == 1 && Shape.count(bShape) == n {
        let s = a[0].double
        for i in 0..<n { out[i] = T(fromDouble: f(s, b[i].double)) }
    } else {
        let strides = [Shape.broadcastStrides(aShape, to: shape), Shape.broadcastStrides(bShape, to: shape)]
        var o = 0
        forEachOffset(shape: shape, strides: strides) { offsets, inner, innerStrides in
            let pa = a + offsets[0], pb = b + offsets[1], sa = innerStrides[0], sb = innerStrides[1], po = out + o
            // The common cases get their own loops so the compiler can vectorise them.
            switch (sa, sb) {
            case (1, 1): for i in 0..<inner { po[i] = T(fromDouble: f(pa[i].double, pb[i].double)) }
            case (1, 0): let y = pb[0].double; for i in 0..<inner { po[i] = T(fromDouble: f(pa[i].double, y)) }
            case (0, 1): let x = pa[0].double; for i in 0..<inner { po[i] = T(fromDouble: f(x, pb[i].double)) }
            default: for i in 0..<inner { po[i] = T(fromDouble: f(pa[i * sa].double, pb[i * sb].double)) }
            }
            o += inner
        }
    }
}

@inline(__always)
func reduceLoop<T: TensorScalar>(
    _ x: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>, _ outer: Int, _ n: Int, _ inner: Int,
    _ initial: Double, _ combine: (Double, Double) -> Double
) {
    var acc = [Double](repeating: initial, count: inner)
    acc.withUnsafeMutableBufferPointer { acc in
        for o in 0..<outer {
            for i in 0..<inner { acc[i] = initial }
            for k in 0..<n {
                let row = x + (o * n + k) * inner
                for i in 0..<inner { acc[i] = combine(acc[i], row[i].double) }
            }
            for i in 0..<inner { out[o * inner + i] = T(fromDouble: acc[i]) }
        }
    }
}

func stridedCopy<T: TensorScalar>(_ src: UnsafeMutablePointer<T>, _ strides: [Int], _ dst: UnsafeMutablePointer<T>, _ shape: [Int]) {
    var o = 0
    forEachOffset(shape: shape, strides: [strides]) { offsets, inner, innerStrides in
        let p = src + offsets[0], s = innerStrides[0]
        if s == 1 { (dst + o).update(from: p, count: inner) } else { for i in 0..<inner { dst[o + i] = p[i * s] } }
        o += inner
    }
}

func stridedAdd<T: TensorScalar>(_ src: UnsafeMutablePointer<T>, _ dst: UnsafeMutablePointer<T>, _ strides: [Int], _ shape: [Int]) {
    var o = 0
    forEachOffset(shape: shape, strides: [strides]) { offsets, inner, innerStrides in
        let p = dst + offsets[0], s = innerStrides[0]
        for i in 0..<inner { p[i * s] = T(fromDouble: p[i * s].double + src[o + i].double) }
        o += inner
    }
}
