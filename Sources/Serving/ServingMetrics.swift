import Foundation
import Prometheus

/// The server's Prometheus metrics, served at `/metrics` in the text exposition format:
///
/// - `serving_requests_total{route, status}`: requests answered, by route and HTTP status
/// - `serving_request_duration_seconds{route}`: time from the request's arrival to its answer
/// - `serving_batch_size`: inputs per model call (1 when batching is off)
/// - `serving_inference_duration_seconds`: time of one model call on a batch
/// - `serving_queue_depth`: requests waiting for the model
final class ServingMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let batchSize: ValueHistogram
    let inferenceDuration: DurationHistogram
    let queueDepth: Gauge

    /// Latency buckets from 1 ms to 30 s.
    static let latencyBuckets: [Duration] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30].map {
        Duration.milliseconds(Int64($0 * 1000))
    }

    init() {
        batchSize = registry.makeValueHistogram(
            descriptor: Self.name("batch_size", "", "Inputs per model call"),
            labels: [], buckets: [1, 2, 4, 8, 16, 32, 64, 128])
        inferenceDuration = registry.makeDurationHistogram(
            descriptor: Self.name("inference_duration", "seconds", "Duration of one model call"),
            labels: [], buckets: Self.latencyBuckets)
        queueDepth = registry.makeGauge(descriptor: Self.name("queue_depth", "", "Requests waiting for the model"), labels: [])
    }

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "serving", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts one answered request and its latency.
    func record(route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("requests", "total", "Requests answered"),
            labels: [("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("request_duration", "seconds", "Time from a request's arrival to its answer"),
            labels: [("route", route)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// The metrics in Prometheus' text format.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}

/// Whether the server takes requests: set once the model has warmed up, cleared when
/// shutdown begins (`/ready` answers 503 then, so a load balancer stops sending).
final class Readiness: @unchecked Sendable {
    private let lock = NSLock()
    private var ready = false

    var isReady: Bool {
        get { lock.withLock { ready } }
        set { lock.withLock { ready = newValue } }
    }
}
