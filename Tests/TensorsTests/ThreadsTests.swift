import Foundation
import Testing
@testable import Tensors

/// The threading policy (Threads.swift, GEMM.swift): products split across cores give
/// the same bits whatever the budget, the budget is never exceeded, and OpenBLAS starts
/// no threads of its own.
@Suite struct ThreadsTests {
    /// A split product is, piece by piece, the BLAS call on that piece's rows (or columns)
    /// of C, bit for bit, for both split directions and all transpose flags, also while
    /// other products take the free cores: so it cannot depend on how many cores ran the
    /// pieces. Against one BLAS call over the whole matrices it agrees to rounding only:
    /// OpenBLAS's Haswell/Zen kernels handle the edge tiles of a piece differently from
    /// those of the whole (its SkylakeX kernels happen to give the same bits).
    @Test(arguments: [(300, 70, 200), (70, 300, 200), (1000, 1000, 64), (33, 517, 300)])
    func splitProductIsItsPiecesWhateverTheLoad(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let (a, b) = Random.withSeed(5) { (Tensor.randn([m * k]).scalars, Tensor.randn([k * n]).scalars) }
        let pieces = GEMMSplit.pieces(m: m, n: n, k: k)
        #expect(pieces > 1, "each shape here is large enough to be split")
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let (lda, ldb) = (transA ? m : k, transB ? k : n)
            var whole = [Float](repeating: 0, count: m * n), byPiece = whole
            Float.blasGEMM(transA: transA, transB: transB, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: 0, &whole, ldc: n)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    byPiece.withUnsafeMutableBufferPointer { c in
                        let (a, b, c) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
                        for p in 0..<pieces {
                            if m >= n {
                                let (r0, r1) = GEMMSplit.bounds(p, of: pieces, length: m)
                                Float.blasGEMM(
                                    transA: transA, transB: transB, m: r1 - r0, n: n, k: k, a + (transA ? r0 : r0 * lda), lda: lda,
                                    b, ldb: ldb, beta: 0, c + r0 * n, ldc: n)
                            } else {
                                let (c0, c1) = GEMMSplit.bounds(p, of: pieces, length: n)
                                Float.blasGEMM(
                                    transA: transA, transB: transB, m: m, n: c1 - c0, k: k, a, lda: lda,
                                    b + (transB ? c0 * ldb : c0), ldb: ldb, beta: 0, c + c0, ldc: n)
                            }
                        }
                    }
                }
            }
            // Alone, and four at once (so that some callers find no free core).
            var alone = [Float](repeating: 0, count: m * n)
            Float.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: 0, &alone, ldc: n)
            let crowded = Locked([[Float]]())
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                var c = [Float](repeating: 0, count: m * n)
                Float.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: 0, &c, ldc: n)
                crowded.withLock { $0.append(c) }
            }
            let what = "\(m)x\(k) by \(k)x\(n), transA \(transA), transB \(transB)"
            #expect(alone == byPiece, "\(what): alone")
            #expect(crowded.withLock { $0.allSatisfy { $0 == byPiece } }, "\(what): under load")
            let worst = zip(alone, whole).map { abs($0 - $1) / Swift.max(1, abs($1)) }.max()!
            #expect(worst < 1e-4, "\(what): split and whole differ by \(worst) relative")
        }
    }

    /// Pieces cover the split dimension exactly once, in order, for awkward lengths.
    @Test func piecesCoverTheDimension() {
        for length in [16, 17, 31, 32, 47, 100, 129, 1000, 4099] {
            for pieces in 1...max(1, min(GEMMSplit.maximumPieces, length / 16)) {
                var next = 0
                for p in 0..<pieces {
                    let (start, end) = GEMMSplit.bounds(p, of: pieces, length: length)
                    #expect(start == next && end >= start, "length \(length), \(pieces) pieces, piece \(p)")
                    next = end
                }
                #expect(next == length)
            }
        }
    }

    /// However many callers run at once (callers from tests running beside this one
    /// included), extra workers are granted only from free cores, so there are never more
    /// of them than `limit - 1`: a caller arriving later runs on its own thread alone.
    @Test func budgetIsNeverExceeded() {
        let excess = Locked(Int.min)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            Threads.forEachPiece(8) { _ in
                let (busy, callers) = Threads.usage
                excess.withLock { $0 = max($0, (busy - callers) - (Threads.limit - 1)) }
                Thread.sleep(forTimeInterval: 0.001)
            }
        }
        #expect(excess.withLock { $0 } <= 0)
    }

    /// OpenBLAS runs every product on the calling thread alone, whatever
    /// `OPENBLAS_NUM_THREADS` says: its own pool, whose waiting workers spin, never starts,
    /// so products running side by side cannot oversubscribe the cores. (What that costs
    /// in CPU time is a benchmark, `bench --concurrent-trainings`, not a test.)
    @Test func openBLASRunsOnTheCallingThreadOnly() {
        #expect(BLASBackend.internalThreads == 1)
    }
}
