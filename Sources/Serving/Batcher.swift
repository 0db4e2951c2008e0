import Dispatch
import Logging
import ServiceLifecycle
import Tensors

/// Dynamic batching behind a bounded queue. Requests wait in the queue; the worker
/// takes up to `maxBatchSize` of them at once, waiting at most `maxWait` after the
/// oldest arrived for others to join, runs the model on the batch on its own thread and
/// hands each request its output.
///
/// A full queue refuses at once (`queue_full`, 503); a request still queued at its
/// deadline gets `timed_out`. On graceful shutdown the worker finishes every request
/// already queued, then returns.
actor Batcher<Model: BatchedModel> {
    private struct Pending {
        let input: Model.Input
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Model.Output, any Error>
    }

    /// Immutable, so requests read it without waiting for the actor.
    nonisolated let model: Model
    private let limits: ServerLimits
    private let metrics: ServingMetrics
    private let logger: Logger
    private let inference = DispatchQueue(label: "serving.inference", qos: .userInitiated)
    private var queue: [Pending] = []
    private var worker: CheckedContinuation<Void, Never>?
    private var closing = false

    init(model: Model, limits: ServerLimits, metrics: ServingMetrics, logger: Logger) {
        (self.model, self.limits, self.metrics, self.logger) = (model, limits, metrics, logger)
    }

    /// Queues one input and returns its output.
    func submit(_ input: Model.Input) async throws -> Model.Output {
        if closing { throw ServingError.shuttingDown }
        guard queue.count < limits.queueCapacity else { throw ServingError.queueFull }
        let deadline = ContinuousClock.now + limits.requestTimeout
        return try await withCheckedThrowingContinuation { continuation in
            queue.append(Pending(input: input, deadline: deadline, continuation: continuation))
            metrics.queueDepth.set(Double(queue.count))
            if queue.count == 1 || queue.count >= limits.maxBatchSize { wakeWorker() }
        }
    }

    /// Warms the model up, calls `ready` if that worked, then batches until shutdown. A
    /// model whose warm-up fails is never reported ready (`/ready` stays 503), so a load
    /// balancer keeps traffic away; requests sent anyway get the model's own error.
    func run(ready: @Sendable () -> Void) async {
        if await warmUp() { ready() }
        await withGracefulShutdownHandler {
            while let batch = await nextBatch() { await execute(batch) }
        } onGracefulShutdown: {
            Task { await self.close() }
        }
        logger.info("batcher stopped", metadata: ["queued": "\(queue.count)"])
    }

    /// Runs the model once, so that the first request does not pay for allocation;
    /// whether that worked.
    private func warmUp() async -> Bool {
        switch await runOnInferenceThread({ [model] in try model.warmUp() }) {
        case .success(let line):
            logger.info("model ready", metadata: ["model": "\(model.name)", "warm-up": "\(line)"])
            return true
        case .failure(let error):
            logger.error("warm-up failed: the server will not report ready", metadata: ["model": "\(model.name)", "error": "\(error)"])
            return false
        }
    }

    private func close() {
        closing = true
        wakeWorker()
    }

    private func wakeWorker() {
        worker?.resume()
        worker = nil
    }

    /// Sleeps until woken (a request arrived, the batch filled, shutdown) or `deadline`.
    private func sleep(until deadline: ContinuousClock.Instant?) async {
        await withCheckedContinuation { continuation in
            worker = continuation
            guard let deadline else { return }
            Task {
                try? await Task.sleep(until: deadline, clock: .continuous)
                self.wakeWorker()  // the task runs on this actor
            }
        }
    }

    /// The next batch, or nil once closing with nothing left.
    private func nextBatch() async -> [Pending]? {
        while queue.isEmpty {
            if closing { return nil }
            await sleep(until: nil)
        }
        // The oldest request waits at most maxWait for others to join it.
        let ready = ContinuousClock.now + limits.maxWait
        while queue.count < limits.maxBatchSize && !closing && ContinuousClock.now < ready {
            await sleep(until: ready)
        }
        let batch = Array(queue.prefix(limits.maxBatchSize))
        queue.removeFirst(batch.count)
        metrics.queueDepth.set(Double(queue.count))
        return batch
    }

    private func execute(_ batch: [Pending]) async {
        let now = ContinuousClock.now
        let live = batch.filter { $0.deadline > now }
        for expired in batch where expired.deadline <= now { expired.continuation.resume(throwing: ServingError.timedOut) }
        guard !live.isEmpty else { return }
        metrics.batchSize.record(Double(live.count))
        let started = ContinuousClock.now
        let inputs = live.map(\.input)
        let outputs = await runOnInferenceThread { [model] in try model.checkedRun(inputs) }
        metrics.inferenceDuration.record(ContinuousClock.now - started)
        switch outputs {
        case .success(let outputs):
            for (output, request) in zip(outputs, live) { request.continuation.resume(returning: output) }
        case .failure(let error):
            logger.error("model failed", metadata: ["model": "\(model.name)", "batch": "\(live.count)", "error": "\(error)"])
            let refusal = error as? ServingError ?? ServingError(.internalServerError, "model_failed", "\(error)")
            for request in live { request.continuation.resume(throwing: refusal) }
        }
    }

    /// Runs `work` on the inference thread, off the concurrency pool.
    private func runOnInferenceThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            inference.async { continuation.resume(returning: Result { try work() }) }
        }
    }
}
