import CBLAS
import Dispatch
import Tensors

/// The two floating-point element types, with direct buffer access and GEMM,
/// so the fused layers, losses and optimizers are written once for both.
protocol FloatElement: BinaryFloatingPoint {
    static var dtype: DType { get }
    /// Row-major C = alpha·op(A)·op(B) + beta·C, op = transpose when the flag is set.
    static func gemm(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
                     _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, _ c: UnsafeMutablePointer<Self>, ldc: Int)
    static func elements<R>(of t: Tensor, _ body: (UnsafeMutableBufferPointer<Self>) throws -> R) rethrows -> R
}

extension Float: FloatElement {
    static var dtype: DType { .float32 }
    static func gemm(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
                     _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    static func elements<R>(of t: Tensor, _ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try t.withFloats(body)
    }
}

extension Double: FloatElement {
    static var dtype: DType { .float64 }
    static func gemm(_ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
                     _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
                     beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    static func elements<R>(of t: Tensor, _ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try t.withDoubles(body)
    }
}

extension Tensor {
    /// Runs `body` with this tensor's elements as `T` (float32 → Float, float64 → Double).
    func elements<T: FloatElement, R>(_: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        try T.elements(of: self, body)
    }

    /// Runs `float` for a float32 tensor and `double` for a float64 one; `op` names the caller
    /// in the error for int64. Each closure calls a generic kernel with a concrete type, so the
    /// kernel is specialised (passing an existential `any FloatElement.Type` would not be).
    func dispatchFloat<R>(_ op: String, float: () -> R, double: () -> R) -> R {
        switch dtype {
        case .float32: return float()
        case .float64: return double()
        case .int64: preconditionFailure("\(op): needs a floating-point tensor, got int64 (shape \(shape))")
        }
    }
}

/// Splits `0..<n` into contiguous ranges run in parallel, one per BLAS thread (the
/// library's single threading knob), when each gets at least `grain` elements;
/// otherwise runs `body(0..<n)` on the calling thread. For elementwise updates whose
/// elements are independent, so the split does not change any result.
func parallelRanges(_ n: Int, grain: Int = 1 << 15, _ body: (Range<Int>) -> Void) {
    let workers = min(BLAS.threads, n / grain)
    guard workers > 1 else { body(0..<n); return }
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        body((n * w / workers)..<(n * (w + 1) / workers))
    }
}
