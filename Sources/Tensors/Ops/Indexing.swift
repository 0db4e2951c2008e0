// Index-driven ops: gather, indexSelect, scatterAdd, oneHot. Indices are int64
// tensors; gather and scatterAdd are each other's backward.

extension Tensor {
    /// Reads the indices of an int64 (or integral float) tensor, checking they fit `size`.
    func indices(within size: Int, op: String) -> [Int] {
        let idx = ints
        for i in idx {
            precondition(i >= -size && i < size, "\(op): index \(i) is out of bounds for dimension with size \(size)")
        }
        return idx.map { $0 < 0 ? $0 + size : $0 }
    }

    /// `out[i][j][k] = self[i][index[i][j][k]][k]` for `axis == 1` (`torch.gather`).
    /// `index` has the rank of `self`; its size may be smaller on any dimension but `axis`... and on `axis` any size.
    public func gather(axis: Int, index: Tensor) -> Tensor {
        let a = Shape.axis(axis, rank: rank, op: "gather")
        precondition(
            index.rank == rank && (0..<rank).allSatisfy { $0 == a || index.shape[$0] <= shape[$0] },
            "gather: index shape \(index.shape) does not fit input shape \(shape) along dimension \(a)")
        let idx = index.indices(within: shape[a], op: "gather")
        let srcStrides = Shape.strides(shape)
        let out = Storage(dtype: dtype, count: index.count)
        var pos = [Int](repeating: 0, count: rank)
        for (flat, k) in idx.enumerated() {
            var src = 0
            for d in 0..<rank { src += (d == a ? k : pos[d]) * srcStrides[d] }
            out[double: flat] = storage[double: src]
            var d = rank - 1
            while d >= 0 { pos[d] += 1; if pos[d] < index.shape[d] { break }; pos[d] = 0; d -= 1 }
        }
        return Tensor(shape: index.shape, storage: out).recorded("gather", [self]) { g, c in
            [Tensor.zeros(like: c.inputs[0]).scatterAdd(axis: a, index: index, source: g)]
        }
    }

    /// A copy of `self` with `source` added at the positions `index` names along `axis`
    /// (`torch.Tensor.scatter_add`, out of place). Differentiable in `self` and `source`.
    public func scatterAdd(axis: Int, index: Tensor, source: Tensor) -> Tensor {
        let a = Shape.axis(axis, rank: rank, op: "scatterAdd")
        precondition(
            index.shape == source.shape && index.rank == rank && (0..<rank).allSatisfy { $0 == a || index.shape[$0] <= shape[$0] },
            "scatterAdd: index shape \(index.shape) and source shape \(source.shape) must match, with the rank of \(shape) and no larger size outside dimension \(a)"
        )
        let idx = index.indices(within: shape[a], op: "scatterAdd")
        let dstStrides = Shape.strides(shape)
        let out = storage.copy()
        var pos = [Int](repeating: 0, count: rank)
        for (flat, k) in idx.enumerated() {
            var dst = 0
            for d in 0..<rank { dst += (d == a ? k : pos[d]) * dstStrides[d] }
            out[double: dst] += source.storage[double: flat]
            var d = rank - 1
            while d >= 0 { pos[d] += 1; if pos[d] < index.shape[d] { break }; pos[d] = 0; d -= 1 }
        }
        return Tensor(shape: shape, storage: out).recorded("scatterAdd", [self, source]) { g, _ in
            [g, g.gather(axis: a, index: index)]
        }
    }

    /// Rows (or slices along `axis`) picked by a 1-D index (`torch.index_select`); repeats allowed.
    /// This is the embedding lookup: `weight.indexSelect(axis: 0, tokens)`.
    public func indexSelect(axis: Int, _ index: Tensor) -> Tensor {
        let a = Shape.axis(axis, rank: rank, op: "indexSelect")
        precondition(index.rank <= 1, "indexSelect: index must be 0-d or 1-d, got shape \(index.shape)")
        let idx = index.indices(within: shape[a], op: "indexSelect")
        let (outer, _, inner) = split(at: a)
        var newShape = shape
        newShape[a] = idx.count
        let out = Storage(dtype: dtype, count: outer * idx.count * inner)
        let bytes = inner * dtype.byteCount
        for o in 0..<outer {
            for (j, k) in idx.enumerated() {
                (out.raw + ((o * idx.count + j) * inner) * dtype.byteCount)
                    .copyMemory(from: storage.raw + ((o * shape[a] + k) * inner) * dtype.byteCount, byteCount: bytes)
            }
        }
        let inputShape = shape
        return Tensor(shape: newShape, storage: out).recorded("indexSelect", [self]) { g, _ in
            // Gradient rows for repeated indices add up.
            let grad = Tensor.zeros(inputShape, dtype: g.dtype)
            for o in 0..<outer {
                for (j, k) in idx.enumerated() {
                    let src = (o * idx.count + j) * inner, dst = (o * inputShape[a] + k) * inner
                    for i in 0..<inner { grad.storage[double: dst + i] += g.storage[double: src + i] }
                }
            }
            return [grad]
        }
    }

    /// One-hot encoding of an integer tensor: shape `shape + [classes]`, float32 by default.
    public func oneHot(classes: Int, dtype: DType = .float32) -> Tensor {
        let idx = indices(within: classes, op: "oneHot")
        let out = Tensor.zeros(shape + [classes], dtype: dtype)
        for (i, k) in idx.enumerated() { out.storage[double: i * classes + k] = 1 }
        return out
    }
}
