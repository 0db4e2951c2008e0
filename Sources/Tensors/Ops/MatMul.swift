// Matrix products through BLAS (sgemm/dgemm). Batched products broadcast their
// batch dimensions like `torch.matmul` and call GEMM once per matrix pair.
// The backward passes use GEMM's transpose flags, so no transposed copies are made.

extension Tensor {
    /// Matrix product with `torch.matmul`'s rules: 1-D operands are promoted to
    /// matrices and the added dimension removed again; leading (batch) dimensions broadcast.
    /// For C = A·B: dA = dC·Bᵀ, dB = Aᵀ·dC.
    public func matmul(_ other: Tensor) -> Tensor {
        precondition(rank >= 1 && other.rank >= 1, "matmul: both arguments need at least 1 dimension, got shapes \(shape) and \(other.shape)")
        if rank == 1 && other.rank == 1 { return unsqueeze(axis: 0).matmul(other.unsqueeze(axis: 1)).reshape([]) }
        if rank == 1 { return unsqueeze(axis: 0).matmul(other).squeeze(axis: -2) }
        if other.rank == 1 { return matmul(other.unsqueeze(axis: 1)).squeeze(axis: -1) }
        let (k1, k2) = (shape[rank - 1], other.shape[other.rank - 2])
        precondition(
            k1 == k2,
            "matmul: mat1 and mat2 shapes cannot be multiplied (\(shape[rank - 2])x\(k1) and \(k2)x\(other.shape[other.rank - 1])); full shapes \(shape) and \(other.shape)"
        )
        return Tensor.product(self, other, transposeA: false, transposeB: false).recorded("matmul", [self, other]) { g, c in
            let (x, y) = (c.inputs[0], c.inputs[1])
            return [
                Tensor.product(g, y, transposeA: false, transposeB: true).sumTo(x.shape),
                Tensor.product(x, g, transposeA: true, transposeB: false).sumTo(y.shape),
            ]
        }
    }

    /// op(A)·op(B) for tensors of rank >= 2 (op = transpose of the last two dims when asked),
    /// batch dimensions broadcast; not recorded.
    static func product(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        precondition(
            a.dtype.isFloatingPoint && b.dtype.isFloatingPoint,
            "matmul: needs floating-point tensors, got \(a.dtype) and \(b.dtype)")
        let (ra, ca) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (rb, cb) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k, n) = (transposeA ? ca : ra, transposeA ? ra : ca, transposeB ? rb : cb)
        let batch = Shape.broadcast(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2)), op: "matmul")
        let type = DType.promote(a.dtype, b.dtype)
        let (x, y) = noGrad { (a.to(type).expand(batch + [ra, ca]), b.to(type).expand(batch + [rb, cb])) }
        let out = Tensor(shape: batch + [m, n], storage: Storage(dtype: type, count: Shape.count(batch) * m * n))
        // One GEMM per matrix pair, through the module's single BLAS wrapper (`FloatScalar.gemm`).
        func multiply<T: FloatScalar>(_: T.Type) {
            for i in 0..<Shape.count(batch) {
                T.gemm(
                    transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                    x.storage.pointer(T.self) + i * ra * ca, lda: ca, y.storage.pointer(T.self) + i * rb * cb, ldb: cb,
                    beta: 0, out.storage.pointer(T.self) + i * m * n, ldc: n)
            }
        }
        if type == .float32 { multiply(Float.self) } else { multiply(Double.self) }
        return out
    }
}

public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor { a.matmul(b) }
