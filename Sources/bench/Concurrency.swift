import DeepLearning
import Foundation

/// The oversubscription check (`bench --concurrent-trainings`): the CPU time of one
/// training alone and of two identical trainings run side by side on two threads.
/// Threads that wait spinning for work (what OpenBLAS's pool does when two callers
/// each ask it for every core) burn CPU time without progress; with the library's
/// thread budget the pair costs about twice one. Prints one JSON line.
func concurrentTrainingsReport(workload: Workload, steps: Int) -> String {
    Random.seed(0)
    let first = workload.prepare(), second = workload.prepare()
    for _ in 0..<3 { first(); second() }
    let (aloneCPU, aloneWall) = measureCPU { for _ in 0..<steps { first() } }
    let (togetherCPU, togetherWall) = measureCPU {
        let done = DispatchSemaphore(value: 0)
        for step in [first, second] {
            // Each step (a model and its optimizer) moves to its thread and is used there alone.
            nonisolated(unsafe) let step = step
            let thread = Thread {
                for _ in 0..<steps { step() }
                done.signal()
            }
            thread.start()
        }
        done.wait()
        done.wait()
    }
    return String(
        format: #"{"workload": "%@", "steps": %d, "alone_cpu_s": %.3f, "alone_wall_s": %.3f, "together_cpu_s": %.3f, "together_wall_s": %.3f}"#,
        workload.name, steps, aloneCPU, aloneWall, togetherCPU, togetherWall)
}

/// Process CPU time (user + system, all threads) and wall time of `body`, in seconds.
func measureCPU(_ body: () -> Void) -> (cpu: Double, wall: Double) {
    func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let (cpu0, wall0) = (cpuNow(), DispatchTime.now().uptimeNanoseconds)
    body()
    return (cpuNow() - cpu0, Double(DispatchTime.now().uptimeNanoseconds - wall0) / 1e9)
}
