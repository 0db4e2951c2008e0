import Dispatch
import Logging
import ServiceLifecycle
import Tensors

/// A tensor handed between tasks; the batcher alone touches it after `submit`.
struct Payload: @unchecked Sendable {
    let tensor: Tensor
}

/// Dynamic batching behind a bounded queue. Requests wait in the queue; the worker
/// takes up to `maxBatchSize` of them at once, waiting at most `maxWait` after the
/// oldest arrived for others to join, stacks them into one batch, runs the model on its
/// own thread and hands each request its row of the output.
///
/// A full queue refuses at once (`queue_full`, 503); a request still queued at its
/// deadline gets `timed_out`. On graceful shutdown the worker finishes every request
/// already queued, then returns.
actor Batcher {
    private struct Pending {
        let input: Tensor
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Payload, any Error>
    }

    private let model: ServedModel
    private let limits: ServerLimits
    private let metrics: ServingMetrics
    private let logger: Logger
    private let inference = DispatchQueue(label: "serving.inference", qos: .userInitiated)
    private var queue: [Pending] = []
    private var worker: CheckedContinuation<Void, Never>?
    private var closing = false

    init(model: ServedModel, limits: ServerLimits, metrics: ServingMetrics, logger: Logger) {
        (self.model, self.limits, self.metrics, self.logger) = (model, limits, metrics, logger)
    }

    /// Queues one input (shape `model.inputShape`) and returns its output row.
    func submit(_ input: Payload) async throws -> Payload {
        if closing { throw ServingError.shuttingDown }
        guard queue.count < limits.queueCapacity else { throw ServingError.queueFull }
        let deadline = ContinuousClock.now + limits.requestTimeout
        return try await withCheckedThrowingContinuation { continuation in
            queue.append(Pending(input: input.tensor, deadline: deadline, continuation: continuation))
            metrics.queueDepth.set(Double(queue.count))
            if queue.count == 1 || queue.count >= limits.maxBatchSize { wakeWorker() }
        }
    }

    /// Warms the model up, calls `ready`, then batches until shutdown.
    func run(ready: @Sendable () -> Void) async {
        await warmUp()
        ready()
        await withGracefulShutdownHandler {
            while let batch = await nextBatch() { await execute(batch) }
        } onGracefulShutdown: {
            Task { await self.close() }
        }
        logger.info("batcher stopped", metadata: ["queued": "\(queue.count)"])
    }

    /// Runs the model once on zeros, so that the first request does not pay for
    /// allocation, and checks that it returns one row per input.
    private func warmUp() async {
        let zeros = Payload(tensor: Tensor.zeros([1] + model.inputShape))
        let output = await runModel(zeros).tensor
        logger.info("model ready", metadata: ["model": "\(model.name)", "input": "\(model.inputShape)", "output": "\(output.shape)"])
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
                await self.wakeWorker()
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
        let output = await runModel(Payload(tensor: stack(live.map(\.input)))).tensor
        metrics.inferenceDuration.record(ContinuousClock.now - started)
        guard output.rank >= 1 && output.shape[0] == live.count else {
            logger.error("model output has the wrong batch size", metadata: ["expected": "\(live.count)", "shape": "\(output.shape)"])
            for request in live { request.continuation.resume(throwing: ServingError(.internalServerError, "model_failed", "the model returned \(output.shape) for \(live.count) inputs")) }
            return
        }
        for (row, request) in live.enumerated() {
            request.continuation.resume(returning: Payload(tensor: output.slice(axis: 0, start: row, end: row + 1).squeeze(axis: 0)))
        }
    }

    /// Runs the model on the inference thread, off the concurrency pool.
    private func runModel(_ input: Payload) async -> Payload {
        await withCheckedContinuation { continuation in
            inference.async { [model] in continuation.resume(returning: Payload(tensor: model.predict(input.tensor))) }
        }
    }
}
