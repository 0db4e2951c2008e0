import Datasets
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import Serving
import Tensors
import Workbook
import XCTest

/// A model small enough for tests: inputs [3, 8, 8], outputs the mean of each channel
/// [N, 3], after sleeping `delay` seconds per call (to hold requests in the queue).
func channelMeans(delay: Double = 0, calls: CallCounter? = nil) -> ServedModel {
    ServedModel(
        name: "means", inputShape: [3, 8, 8], isClassifier: true,
        imageInput: { image in
            let grown = image.converted(channels: 3).tensor()
            return resizeForTest(grown)
        }
    ) { batch in
        calls?.add()
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        return batch.mean(axes: [2, 3])
    }
}

/// Any image to [3, 8, 8] by nearest-neighbour sampling (plain Swift, so tests know the expected values).
func resizeForTest(_ image: Tensor) -> Tensor {
    let (h, w) = (image.shape[1], image.shape[2])
    let values = image.scalars
    var out = [Float](repeating: 0, count: 3 * 64)
    for c in 0..<3 { for y in 0..<8 { for x in 0..<8 { out[c * 64 + y * 8 + x] = values[c * h * w + (y * h / 8) * w + x * w / 8] } } }
    return Tensor(out, shape: [3, 8, 8])
}

/// Counts model calls across threads.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// An HTTP answer: status, body and the body as a JSON object when it is one.
struct Reply: Sendable {
    let status: Int
    let body: Data
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A server on an ephemeral loopback port, and a client for it.
struct TestServer: Sendable {
    let base: URL
    let group: ServiceGroup
    let session: URLSession

    /// Starts `model`, waits until `/ready`, runs `body`, then shuts down gracefully.
    static func with(
        _ model: ServedModel, limits: ServerLimits = ServerLimits(),
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        try await with({ ModelServer(model: model, host: "127.0.0.1", port: 0, limits: limits, logger: $0) }, body)
    }

    /// The same for a model that reads and answers JSON of its own; with `waitForReady`
    /// false, `body` runs as soon as `/health` answers.
    static func with<Request, Answer>(
        _ model: ServedJSONModel<Request, Answer>, limits: ServerLimits = ServerLimits(), waitForReady: Bool = true,
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        try await with({ ModelServer(model: model, host: "127.0.0.1", port: 0, limits: limits, logger: $0) }, waitForReady: waitForReady, body)
    }

    private static func with(
        _ makeServer: (Logger) -> ModelServer, waitForReady: Bool = true,
        _ body: @Sendable (TestServer) async throws -> Void
    ) async throws {
        var logger = Logger(label: "serving-test")
        logger.logLevel = .warning
        let server = makeServer(logger)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let group = ServiceGroup(services: [server.service { portSink.yield($0) }], gracefulShutdownSignals: [], logger: logger)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 30
        let session = URLSession(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let next = await iterator.next()
            let port = try XCTUnwrap(next)
            let test = TestServer(base: URL(string: "http://127.0.0.1:\(port)")!, group: group, session: session)
            try await (waitForReady ? test.waitUntilReady() : test.waitUntilLive())
            do { try await body(test) } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    func waitUntilLive() async throws {
        for _ in 0..<1000 {
            if (try? await get("/health").status) == 200 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        XCTFail("the server never answered /health")
    }

    func waitUntilReady() async throws {
        for _ in 0..<1000 {
            if (try? await get("/ready").status) == 200 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        XCTFail("the server never became ready")
    }

    func get(_ path: String) async throws -> Reply {
        try await send(URLRequest(url: base.appendingPathComponent(path)))
    }

    func post(_ body: Data, contentType: String?, path: String = "/predict") async throws -> Reply {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        return try await send(request)
    }

    func postJSON(_ object: Any) async throws -> Reply {
        try await post(JSONSerialization.data(withJSONObject: object), contentType: "application/json")
    }

    private func send(_ request: URLRequest) async throws -> Reply {
        let (data, response) = try await session.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }

    /// A Prometheus sample's value, e.g. `serving_batch_size_count`.
    func metric(_ name: String) async throws -> Double? {
        let text = try await get("/metrics").text
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ")[1])
        }
        return nil
    }
}

/// A multipart/form-data body with one file part named `name`.
func multipart(_ file: [UInt8], name: String = "image", boundary: String = "XyZ-boundary-42") -> (Data, String) {
    var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n".utf8)
    body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
    body += Data(file)
    body += Data("\r\n--\(boundary)--\r\n".utf8)
    return (body, "multipart/form-data; boundary=\(boundary)")
}

/// A PNG of the given size whose channel c holds the value 40·(c+1) everywhere.
func flatPNG(width: Int = 16, height: Int = 12) throws -> [UInt8] {
    let pixels: [UInt8] = (0..<width * height).flatMap { _ -> [UInt8] in [40, 80, 120] }
    return try PNGImage(width: width, height: height, channels: 3, pixels: pixels).encoded()
}

/// The bytes of a fixture file under Tests/ServingTests/Fixtures.
func fixture(_ name: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: Fixtures.url(name, in: .module)))
}

/// `data` with the big-endian UInt16 or UInt32 fields at `offsets` set to `value`.
func patched(_ data: [UInt8], _ offsets: [Int], width bytes: Int, to value: Int) -> [UInt8] {
    var out = data
    for offset in offsets { for i in 0..<bytes { out[offset + i] = UInt8((value >> (8 * (bytes - 1 - i))) & 0xFF) } }
    return out
}

/// Where a JPEG's frame header (SOF0 or SOF2) puts its height; the width follows.
func jpegSizeOffset(_ jpeg: [UInt8]) throws -> Int {
    let start = try XCTUnwrap((0..<jpeg.count - 1).first { jpeg[$0] == 0xFF && (jpeg[$0 + 1] == 0xC0 || jpeg[$0 + 1] == 0xC2) })
    return start + 5  // marker (2), length (2), precision (1)
}
