import Foundation
import Testing
@testable import Tensors

/// The threading policy (Threads.swift, GEMM.swift): products split across cores give
/// the same bits whatever the budget, the budget is never exceeded, and two trainings
/// side by side cost about twice the CPU time of one (no spinning threads).
@Suite struct ThreadsTests {
    /// A split product equals one BLAS call over the whole matrices, bit for bit, for
    /// both split directions and all transpose flags; and so it cannot depend on how
    /// many cores ran the pieces.
    @Test(arguments: [(300, 70, 200), (70, 300, 200), (1000, 1000, 64), (33, 517, 300)])
    func splitProductEqualsOneCall(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let (a, b) = Random.withSeed(5) { (Tensor.randn([m * k]).scalars, Tensor.randn([k * n]).scalars) }
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let (lda, ldb) = (transA ? m : k, transB ? k : n)
            var whole = [Float](repeating: 0, count: m * n), split = whole
            Float.blasGEMM(transA: transA, transB: transB, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: 0, &whole, ldc: n)
            Float.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: 0, &split, ldc: n)
            #expect(whole == split, "\(m)x\(k) by \(k)x\(n), transA \(transA), transB \(transB)")
        }
        #expect(GEMMSplit.pieces(m: m, n: n, k: k) > 1, "each shape here is large enough to be split")
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

    /// However many callers run at once, the workers granted never exceed the limit.
    @Test func budgetIsNeverExceeded() {
        let peak = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            Threads.forEachPiece(8) { _ in
                peak.withLock { $0 = max($0, Threads.busy) }
                Thread.sleep(forTimeInterval: 0.001)
            }
        }
        // Callers themselves count, so 8 callers may hold 8 threads; none gets extras then.
        #expect(peak.withLock { $0 } <= max(8, Threads.limit))
        #expect(Threads.busy == 0)
    }

    /// Two LeNet trainings side by side take at most about twice the CPU time of one
    /// (measured in CPU time by a separate process, `bench --concurrent-trainings`, so
    /// that tests running beside this one do not count). Spinning BLAS threads made it ten times.
    @Test func twoTrainingsCostAboutTwiceOne() throws {
        let bench = try #require(productsDirectory()?.appendingPathComponent("bench"), "the bench executable is not built")
        let process = Process()
        process.executableURL = bench
        process.arguments = ["--concurrent-trainings", "--repeats", "20", "lenet_train_step_b64"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let alone = try #require(report["alone_cpu_s"] as? Double), together = try #require(report["together_cpu_s"] as? Double)
        #expect(together <= 2.5 * alone, "two trainings took \(together) s of CPU, one alone \(alone) s")
    }

    /// The folder of the built products (where `bench` is), found from the test binary's path.
    private func productsDirectory() -> URL? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("bench").path) { return folder }
            folder.deleteLastPathComponent()
        }
        return nil
    }
}
