import Dispatch
import Foundation

/// The library's threading policy: the kernels never ask for more cores than are free.
///
/// Every multi-threaded kernel (a large GEMM, an elementwise pass over a large
/// tensor) takes its workers from one process-wide budget of `Threads.limit` cores.
/// A kernel that starts while others hold the cores gets only what is left, down to
/// its own calling thread. So one training alone uses every core, two trainings side
/// by side (parallel tests, DataLoader prefetch beside a training step, a grader's
/// jobs in one process) share them, and no thread ever waits spinning for work.
/// OpenBLAS itself runs on one thread; the library splits the products.
///
/// A kernel's result never depends on how many workers it got: work is cut into
/// pieces by the shape alone, and the workers share out the same pieces.
public enum Threads {
    /// The most cores the library's kernels use at once: `DEEP_LEARNING_THREADS`, else
    /// `OPENBLAS_NUM_THREADS`, from the environment when set, else every active core.
    public static var limit: Int {
        get { budget.withLock { $0.limit } }
        set {
            precondition(newValue >= 1, "Threads.limit must be at least 1, got \(newValue)")
            budget.withLock { $0.limit = newValue }
        }
    }

    /// Splits `pieces` pieces of work over the calling thread and as many free cores as
    /// the budget has (at most `pieces` threads in all), and returns when all have run.
    /// `body(i)` runs once for every piece `i`; pieces must be independent.
    package static func forEachPiece(_ pieces: Int, _ body: (Int) -> Void) {
        guard pieces > 1 else {
            if pieces == 1 { body(0) }
            return
        }
        let workers = budget.withLock { state -> Int in
            // The caller counts as one; extra workers only from what is free.
            let extra = Swift.max(0, Swift.min(pieces - 1, state.limit - state.busy - 1))
            state.busy += 1 + extra
            state.callers += 1
            return 1 + extra
        }
        defer {
            budget.withLock {
                $0.busy -= workers
                $0.callers -= 1
            }
        }
        if workers == 1 {
            for i in 0..<pieces { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // The pieces are independent (the caller's promise), and this call returns only
            // after every worker has, so the workers may share `body`.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for i in stride(from: worker, to: pieces, by: workers) { body(i) }
            }
        }
    }

    /// Threads in library kernels right now (callers included), and how many of them are
    /// callers; both 0 when idle. Extra workers are granted only from free cores, so
    /// there are never more than `limit - 1` of them (`busy - callers`).
    package static var usage: (busy: Int, callers: Int) { budget.withLock { ($0.busy, $0.callers) } }

    private struct Budget {
        var limit: Int
        var busy = 0
        var callers = 0
    }

    private static let budget = Locked(Budget(limit: Threads.fromEnvironment() ?? ProcessInfo.processInfo.activeProcessorCount))

    private static func fromEnvironment() -> Int? {
        let environment = ProcessInfo.processInfo.environment
        for name in ["DEEP_LEARNING_THREADS", "OPENBLAS_NUM_THREADS"] {
            if let text = environment[name], let value = Int(text), value >= 1 { return value }
        }
        return nil
    }
}

/// A value behind a lock, for the few pieces of state shared across threads.
package final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    package init(_ value: Value) { self.value = value }

    package func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Splits `0..<n` into contiguous ranges of at least `grain` elements (how many depends
/// only on `n`, `grain` and `Threads.limit`) and runs them on the free cores. For
/// elementwise work whose elements are independent.
package func parallelRanges(_ n: Int, grain: Int = 1 << 15, _ body: (Range<Int>) -> Void) {
    let pieces = Swift.min(Threads.limit, n / Swift.max(grain, 1))
    guard pieces > 1 else { body(0..<n); return }
    Threads.forEachPiece(pieces) { p in body((n * p / pieces)..<(n * (p + 1) / pieces)) }
}
