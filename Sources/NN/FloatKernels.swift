import CBLAS
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

    /// Runs `body` specialised for this tensor's floating-point type; `op` names the caller in the error.
    func dispatchFloat<R>(_ op: String, _ body: (any FloatElement.Type) -> R) -> R {
        switch dtype {
        case .float32: return body(Float.self)
        case .float64: return body(Double.self)
        case .int64: preconditionFailure("\(op): needs a floating-point tensor, got int64 (shape \(shape))")
        }
    }
}
