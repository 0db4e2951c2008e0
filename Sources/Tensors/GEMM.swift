import CBLAS

// The library's one GEMM. Every matrix product (matmul, convolution, the fused layers
// in NN) comes here. OpenBLAS runs each call on one thread; a large product is cut
// into pieces of rows (or columns) of C that run on the free cores (Threads.swift).

/// Float or Double: the floating-point element types, with their GEMM.
package protocol FloatScalar: TensorScalar, BinaryFloatingPoint {
    /// One BLAS call on the calling thread: C = op(A)·op(B) + beta·C, row-major.
    static func blasGEMM(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
        beta: Self, _ c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension FloatScalar {
    /// C = op(A)·op(B) + beta·C for row-major matrices; op(A) is m×k, op(B) is k×n (BLAS gemm).
    /// Products of at least `GEMMSplit.minimumWork` multiply-adds are cut into pieces of C's
    /// rows (or columns, when C is wider than tall), at most `GEMMSplit.maximumPieces`, chosen
    /// from the shape alone: every element is computed by the same BLAS call whatever the
    /// number of cores that ran the pieces, so results do not depend on the load.
    package static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
        beta: Self, _ c: UnsafeMutablePointer<Self>, ldc: Int
    ) {
        let pieces = GEMMSplit.pieces(m: m, n: n, k: k)
        guard pieces > 1 else {
            blasGEMM(transA: transA, transB: transB, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
            return
        }
        if m >= n {
            // Rows r0..<r1 of C need rows r0..<r1 of op(A): rows of A, or columns when transposed.
            Threads.forEachPiece(pieces) { p in
                let (r0, r1) = GEMMSplit.bounds(p, of: pieces, length: m)
                blasGEMM(
                    transA: transA, transB: transB, m: r1 - r0, n: n, k: k,
                    a + (transA ? r0 : r0 * lda), lda: lda, b, ldb: ldb, beta: beta, c + r0 * ldc, ldc: ldc)
            }
        } else {
            // Columns c0..<c1 of C need columns c0..<c1 of op(B).
            Threads.forEachPiece(pieces) { p in
                let (c0, c1) = GEMMSplit.bounds(p, of: pieces, length: n)
                blasGEMM(
                    transA: transA, transB: transB, m: m, n: c1 - c0, k: k,
                    a, lda: lda, b + (transB ? c0 * ldb : c0), ldb: ldb, beta: beta, c + c0, ldc: ldc)
            }
        }
    }
}

/// How a product is cut into pieces for the cores.
package enum GEMMSplit {
    /// Below this many multiply-adds a product runs on one thread: waking a second one
    /// costs more than it saves (measured in Docs/Performance.md).
    package static let minimumWork = 1 << 21
    /// At most this many pieces, each packing its own copy of the shared operand.
    package static let maximumPieces = 8
    /// Pieces start on multiples of this many rows, the width of the widest BLAS micro-kernel.
    static let alignment = 16

    /// The number of pieces for an m×k by k×n product: one per `minimumWork`, capped by
    /// `maximumPieces` and by the split dimension (at least `alignment` rows or columns each).
    package static func pieces(m: Int, n: Int, k: Int) -> Int {
        let work = m.multipliedReportingOverflow(by: n).partialValue.multipliedReportingOverflow(by: k)
        let byWork = work.overflow ? maximumPieces : work.partialValue / minimumWork
        return Swift.max(1, Swift.min(byWork, maximumPieces, Swift.max(m, n) / alignment))
    }

    /// The half-open range of piece `p` of `pieces` over `length`, with inner bounds on
    /// multiples of `alignment`.
    static func bounds(_ p: Int, of pieces: Int, length: Int) -> (Int, Int) {
        func start(_ q: Int) -> Int {
            q == pieces ? length : Swift.min(length, (length * q / pieces) / alignment * alignment)
        }
        return (start(p), start(p + 1))
    }
}

extension Float: FloatScalar {
    @inline(__always)
    package static func blasGEMM(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLASBackend.ensureLoaded()
        backend_sgemm(
            transpose(transA), transpose(transB), Int32(m), Int32(n), Int32(k),
            1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Double: FloatScalar {
    @inline(__always)
    package static func blasGEMM(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        BLASBackend.ensureLoaded()
        backend_dgemm(
            transpose(transA), transpose(transB), Int32(m), Int32(n), Int32(k),
            1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

@inline(__always) private func transpose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

/// The BLAS library behind `gemm`: which kernels it runs and why.
public enum BLASBackend {
    /// OpenBLAS's kernel set, e.g. "SkylakeX" (AVX-512) or "Haswell" (AVX2).
    public static var coreName: String { String(cString: backend_core_name()) }
    /// How the kernel set was chosen, e.g. "chosen from CPU features (AVX-512)".
    public static var coreOrigin: String { String(cString: backend_core_origin()) }
    /// The threads OpenBLAS itself runs one product on: 1, because the library splits
    /// products across cores itself (-1 if the loaded BLAS cannot say).
    public static var internalThreads: Int { Int(backend_threads()) }
    /// One line for logs and benchmarks: "OpenBLAS SkylakeX (chosen from CPU features (AVX-512)), 2 threads".
    public static var summary: String { "OpenBLAS \(coreName) (\(coreOrigin)), \(Threads.limit) threads" }

    /// Loads the library on first use; stops with install instructions when it is missing.
    @inline(__always) static func ensureLoaded() {
        precondition(loaded, String(cString: backend_error()))
    }

    private static let loaded: Bool = backend_load() == 0
}
