import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Tensors

/// A model behind HTTP.
///
/// | route | answer |
/// |---|---|
/// | `POST /predict` | the model's output as JSON; the body is a JSON tensor, a PNG/JPEG image (raw body) or a multipart/form-data upload (`ServedModel`), or a JSON request of the model's own (`ServedJSONModel`) |
/// | `GET /health` | 200 while the process runs |
/// | `GET /ready` | 200 once the model has warmed up, 503 before and during shutdown |
/// | `GET /metrics` | Prometheus metrics |
///
/// Requests are batched dynamically (`ServerLimits`). Every refusal is a 4xx/503 with a
/// JSON error body. SIGINT or SIGTERM starts a graceful shutdown: the server stops
/// accepting connections, answers every request it has already taken, then exits.
///
/// ```swift
/// let server = ModelServer(model: .imageClassifier("resnet18", ResNet(.resnet18)), port: 8080)
/// try await server.run()
/// ```
public struct ModelServer: Sendable {
    let model: any BatchedModel
    public var modelName: String { model.name }
    public let host: String
    /// 0 picks a free port; `service(onRunning:)` reports the one chosen.
    public let port: Int
    public let limits: ServerLimits
    public let logger: Logger
    let metrics = ServingMetrics()
    let readiness = Readiness()

    /// Serves a tensor model: JSON tensors and images in, outputs (and a classifier's top classes) out.
    public init(
        model: ServedModel, host: String = "127.0.0.1", port: Int = 8080, limits: ServerLimits = ServerLimits(),
        logger: Logger = Logger(label: "serving")
    ) {
        (self.model, self.host, self.port, self.limits, self.logger) = (model, host, port, limits, logger)
    }

    /// Serves a model that reads and answers JSON of its own, such as a text model.
    public init<Request, Answer>(
        model: ServedJSONModel<Request, Answer>, host: String = "127.0.0.1", port: Int = 8080,
        limits: ServerLimits = ServerLimits(), logger: Logger = Logger(label: "serving")
    ) {
        (self.model, self.host, self.port, self.limits, self.logger) = (model, host, port, limits, logger)
    }

    /// Serves until SIGINT or SIGTERM, then shuts down gracefully.
    public func run() async throws {
        let group = ServiceGroup(configuration: .init(services: [service()], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The server as a `Service`, to run in a `ServiceGroup` of your own (tests trigger
    /// its graceful shutdown through the group). `onRunning` gets the bound port.
    public func service(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        OneOfTheModelKinds(wrapped: service(model, onRunning: onRunning))
    }

    private func service<Model: BatchedModel>(_ model: Model, onRunning: @escaping @Sendable (Int) async -> Void) -> some Service {
        let batcher = Batcher(model: model, limits: limits, metrics: metrics, logger: logger)
        let application = Application(
            router: router(batcher),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(limits.idleTimeout / .nanoseconds(1))))),
            configuration: .init(address: .hostname(host, port: port), serverName: "deep-learning-course"),
            services: [ReadyAfterWarmUp(batcher: batcher, readiness: readiness)],
            onServerRunning: { [logger, host] channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("serving", metadata: ["host": "\(host)", "port": "\(port)"])
                await onRunning(port)
            },
            logger: logger)
        return ShutdownNotice(wrapped: application, readiness: readiness, logger: logger)
    }

    private func router<Model>(_ batcher: Batcher<Model>) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/health") { _, _ in jsonResponse(["status": "ok"]) }
        router.get("/ready") { [readiness] _, _ in
            readiness.isReady ? jsonResponse(["status": "ready"]) : ServingError(.serviceUnavailable, "not_ready", "the model is not ready").response()
        }
        router.get("/metrics") { [metrics] _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        router.post("/predict") { request, context in
            await self.answer("/predict", context) { try await self.predict(request, batcher) }
        }
        return router
    }

    private func predict<Model>(_ request: Request, _ batcher: Batcher<Model>) async throws -> Response {
        let body = try await readBody(request)
        let model = batcher.model
        let input = try model.input(body: body, contentType: request.headers[.contentType], limits: limits)
        return model.response(try await batcher.submit(input))
    }

    /// The body, refused past `maxBodyBytes` whether or not Content-Length announced it.
    private func readBody(_ request: Request) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.maxBodyBytes {
            throw ServingError.bodyTooLarge(limit: limits.maxBodyBytes)
        }
        var bytes: [UInt8] = []
        for try await chunk in request.body {
            guard bytes.count + chunk.readableBytes <= limits.maxBodyBytes else { throw ServingError.bodyTooLarge(limit: limits.maxBodyBytes) }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }

    /// Runs a handler, turns a `ServingError` into its JSON response, and logs and counts the answer.
    private func answer(_ route: String, _ context: BasicRequestContext, _ handler: () async throws -> Response) async -> Response {
        let started = ContinuousClock.now
        let response: Response, failure: ServingError?
        do {
            response = try await handler()
            failure = nil
        } catch {
            let refusal = error as? ServingError ?? ServingError(.badRequest, "bad_request", "\(error)")
            (response, failure) = (refusal.response(), refusal)
        }
        let elapsed = ContinuousClock.now - started
        metrics.record(route: route, status: response.status.code, duration: elapsed)
        var metadata: Logger.Metadata = [
            "route": "\(route)", "status": "\(response.status.code)",
            "ms": "\(elapsed / .milliseconds(1))",
        ]
        if let failure {
            metadata["error"] = "\(failure.code)"
            context.logger.info("request refused", metadata: metadata)
        } else {
            context.logger.debug("request answered", metadata: metadata)
        }
        return response
    }
}

/// Marks the server ready once the batcher has warmed the model up, then runs the batcher.
private struct ReadyAfterWarmUp<Model: BatchedModel>: Service {
    let batcher: Batcher<Model>
    let readiness: Readiness

    func run() async throws {
        await batcher.run { readiness.isReady = true }
    }
}

/// The server of whichever kind of model it was given, as one type.
private struct OneOfTheModelKinds: Service {
    let wrapped: any Service
    func run() async throws { try await wrapped.run() }
}

/// Clears readiness as soon as a graceful shutdown starts, before the server drains.
private struct ShutdownNotice<Wrapped: Service>: Service {
    let wrapped: Wrapped
    let readiness: Readiness
    let logger: Logger

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await wrapped.run()
        } onGracefulShutdown: {
            readiness.isReady = false
            logger.info("shutting down: answering the requests already taken")
        }
    }
}
