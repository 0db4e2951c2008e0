import CBLAS

// Matrix products through BLAS (sgemm/dgemm). Batched products broadcast their
// batch dimensions like `torch.matmul` and call GEMM once per matrix pair.

extension Tensor {
    /// Matrix product with `torch.matmul`'s rules: 1-D operands are promoted to
    /// matrices and the added dimension removed again; leading (batch) dimensions broadcast.
    /// For C = A·B: dA = dC·Bᵀ, dB = Aᵀ·dC.
    public func matmul(_ other: Tensor) -> Tensor {
        precondition(rank >= 1 && other.rank >= 1, "matmul: both arguments need at least 1 dimension, got shapes \(shape) and \(other.shape)")
        precondition(dtype.isFloatingPoint && other.dtype.isFloatingPoint,
                     "matmul: needs floating-point tensors, got \(dtype) and \(other.dtype)")
        if rank == 1 { return unsqueeze(axis: 0).matmul(other).squeeze(axis: -2) }
        if other.rank == 1 { return matmul(other.unsqueeze(axis: 1)).squeeze(axis: -1) }
        let (m, k) = (shape[rank - 2], shape[rank - 1])
        let (k2, n) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        precondition(k == k2, "matmul: mat1 and mat2 shapes cannot be multiplied (\(m)x\(k) and \(k2)x\(n)); full shapes \(shape) and \(other.shape)")
        let batch = Shape.broadcast(Array(shape.dropLast(2)), Array(other.shape.dropLast(2)), op: "matmul")
        let type = DType.promote(dtype, other.dtype)
        let a = noGrad { to(type).expand(batch + [m, k]) }
        let b = noGrad { other.to(type).expand(batch + [k, n]) }
        let out = Tensor(shape: batch + [m, n], storage: Storage(dtype: type, count: Shape.count(batch) * m * n))
        gemm(a, b, into: out, m: m, n: n, k: k, batches: Shape.count(batch))
        return out.recorded("matmul", [self, other]) { g, c in
            let (x, y) = (c.inputs[0], c.inputs[1])
            return [g.matmul(y.transpose(-1, -2)).sumTo(x.shape), x.transpose(-1, -2).matmul(g).sumTo(y.shape)]
        }
    }
}

/// C[b] = A[b]·B[b] for contiguous row-major A (m×k), B (k×n), C (m×n).
func gemm(_ a: Tensor, _ b: Tensor, into c: Tensor, m: Int, n: Int, k: Int, batches: Int) {
    for i in 0..<batches {
        if c.dtype == .float32 {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                        a.storage.pointer(Float.self) + i * m * k, Int32(k),
                        b.storage.pointer(Float.self) + i * k * n, Int32(n), 0,
                        c.storage.pointer(Float.self) + i * m * n, Int32(n))
        } else {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                        a.storage.pointer(Double.self) + i * m * k, Int32(k),
                        b.storage.pointer(Double.self) + i * k * n, Int32(n), 0,
                        c.storage.pointer(Double.self) + i * m * n, Int32(n))
        }
    }
}

public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor { a.matmul(b) }

/// BLAS threading. OpenBLAS runs GEMM on its own thread pool; everything else
/// in the library is single-threaded (measured in Docs/Performance.md).
public enum BLAS {
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }
}
