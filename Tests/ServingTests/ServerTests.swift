import Datasets
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import NN
import ServiceLifecycle
import Serving
import Tensors
import XCTest

/// Drives a real server on a loopback port over HTTP.
final class ServerTests: XCTestCase {
    func testHealthReadyMetricsAndAJSONPrediction() async throws {
        try await TestServer.with(channelMeans()) { server in
            let health = try await server.get("/health")
            XCTAssertEqual(health.status, 200)
            XCTAssertEqual(health.json?["status"] as? String, "ok")
            let ready = try await server.get("/ready")
            XCTAssertEqual(ready.status, 200)

            let values = (0..<192).map { Float($0 % 64) / 64 + Float($0 / 64) }
            let reply = try await server.postJSON(["shape": [3, 8, 8], "data": values])
            XCTAssertEqual(reply.status, 200, reply.text)
            XCTAssertEqual(reply.json?["shape"] as? [Int], [3])
            let output = try XCTUnwrap(reply.json?["output"] as? [Double])
            for (c, value) in output.enumerated() { XCTAssertEqual(value, Double(c) + 63.0 / 128, accuracy: 1e-5) }
            let top = try XCTUnwrap(reply.json?["top"] as? [[String: Any]])
            XCTAssertEqual(top.first?["index"] as? Int, 2, "channel 2 has the largest mean")

            let metrics = try await server.get("/metrics")
            XCTAssertEqual(metrics.status, 200)
            XCTAssertTrue(metrics.text.contains("serving_requests_total{route=\"/predict\",status=\"200\"} 1"), metrics.text)
            XCTAssertTrue(metrics.text.contains("serving_request_duration_seconds_bucket{route=\"/predict\""), metrics.text)
            let depth = try await server.metric("serving_queue_depth")
            XCTAssertEqual(depth, 0)
        }
    }

    func testImagesAsRawBodiesAndMultipartUploads() async throws {
        try await TestServer.with(channelMeans()) { server in
            let png = try flatPNG()
            for (body, type) in [(Data(png), "image/png"), (Data(png), "application/octet-stream"), multipart(png), multipart(png, name: "file")] {
                let reply = try await server.post(body, contentType: type)
                XCTAssertEqual(reply.status, 200, "\(type): \(reply.text)")
                let output = try XCTUnwrap(reply.json?["output"] as? [Double])
                XCTAssertEqual(output, [40, 80, 120].map { $0 / 255 }, accuracy: 1e-6)
            }
            for name in ["colour.jpg", "progressive.jpg", "grey.jpg"] {
                let reply = try await server.post(Data(try fixture(name)), contentType: "image/jpeg")
                XCTAssertEqual(reply.status, 200, "\(name): \(reply.text)")
                XCTAssertEqual((reply.json?["output"] as? [Double])?.count, 3)
            }
        }
    }

    func testEveryKindOfBadInputGetsAJSONErrorAndTheServerKeepsServing() async throws {
        var limits = ServerLimits()
        limits.maxBodyBytes = 200_000
        try await TestServer.with(channelMeans(), limits: limits) { server in
            let png = try flatPNG(), jpeg = try fixture("colour.jpg")
            let sof = try jpegSizeOffset(jpeg)
            let cases: [(String, Data, String?, Int, String)] = [
                ("text", Data("hello, this is not an image".utf8), "image/png", 415, "not_an_image"),
                ("empty body", Data(), "image/png", 415, "not_an_image"),
                ("truncated PNG", Data(png.prefix(png.count / 2)), "image/png", 400, "bad_image"),
                ("PNG signature only", Data(png.prefix(5)), "image/png", 400, "bad_image"),
                ("0x0 PNG", Data(patched(png, [16, 20], width: 4, to: 0)), "image/png", 400, "bad_image"),
                ("50,000x50,000 PNG", Data(patched(png, [16, 20], width: 4, to: 50_000)), "image/png", 413, "image_too_large"),
                ("4e9x4e9 PNG", Data(patched(png, [16, 20], width: 4, to: 4_000_000_000)), "image/png", 413, "image_too_large"),
                ("truncated JPEG", Data(jpeg.prefix(jpeg.count * 2 / 3)), "image/jpeg", 400, "bad_image"),
                ("0x0 JPEG", Data(patched(jpeg, [sof, sof + 2], width: 2, to: 0)), "image/jpeg", 400, "bad_image"),
                ("50,000x50,000 JPEG", Data(patched(jpeg, [sof, sof + 2], width: 2, to: 50_000)), "image/jpeg", 413, "image_too_large"),
                ("broken multipart", Data("--b\r\nno blank line".utf8), "multipart/form-data; boundary=b", 400, "bad_multipart"),
                ("multipart of text", multipart(Array("plain words".utf8)).0, multipart([]).1, 415, "not_an_image"),
                ("wrong JSON", Data("{\"shape\": [3, 8, 8], \"data\": [1, 2,".utf8), "application/json", 400, "bad_json"),
                ("JSON of strings", Data("{\"data\": [\"a\"]}".utf8), "application/json", 400, "bad_json"),
                ("JSON without data", Data("{\"shape\": [3, 8, 8]}".utf8), "application/json", 400, "bad_json"),
                ("JSON too large a number", Data("{\"data\": [1e300]}".utf8), "application/json", 400, "bad_json"),
                (
                    "wrong shape", try JSONSerialization.data(withJSONObject: ["shape": [3, 4, 4], "data": [Float](repeating: 0, count: 48)]),
                    "application/json", 422, "wrong_shape"
                ),
                ("negative shape", try JSONSerialization.data(withJSONObject: ["shape": [-3, 8, 8], "data": [0]]), "application/json", 422, "wrong_shape"),
                ("too few numbers", try JSONSerialization.data(withJSONObject: ["data": [1, 2, 3]]), "application/json", 422, "wrong_shape"),
                ("body too large", Data(repeating: 7, count: 300_000), "image/png", 413, "body_too_large"),
            ]
            for (name, body, type, status, code) in cases {
                let reply = try await server.post(body, contentType: type)
                XCTAssertEqual(reply.status, status, "\(name): \(reply.text)")
                XCTAssertEqual(reply.errorCode, code, "\(name): \(reply.text)")
                let message = (reply.json?["error"] as? [String: Any])?["message"] as? String
                XCTAssertFalse(message?.isEmpty ?? true, "\(name) has no message")
            }
            let good = try await server.post(Data(png), contentType: "image/png")
            XCTAssertEqual(good.status, 200, "after every bad input: \(good.text)")
            let health = try await server.get("/health")
            XCTAssertEqual(health.status, 200)
            let refused = try await server.metric("serving_requests_total{route=\"/predict\",status=\"400\"}")
            XCTAssertEqual(refused, Double(cases.filter { $0.3 == 400 }.count))
        }
    }

    func testImageClassifiersTakeImageNetInputAndRefuseStrips() async throws {
        let pool = Sequential {
            AdaptiveAvgPool2d(1); Flatten()
        }
        try await TestServer.with(.imageClassifier("pool", pool, resizeTo: 8, crop: 8)) { server in
            let reply = try await server.post(Data(try flatPNG()), contentType: "image/png")
            XCTAssertEqual(reply.status, 200, reply.text)
            // A flat image stays flat through resize and crop; then ImageNet's normalisation.
            let expected = zip([40.0, 80, 120], zip([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])).map { ($0 / 255 - $1.0) / $1.1 }
            XCTAssertEqual(reply.json?["output"] as? [Double] ?? [], expected, accuracy: 1e-5)
            let strip = try PNGImage(width: 4000, height: 1, channels: 1, pixels: [UInt8](repeating: 9, count: 4000)).encoded()
            let refused = try await server.post(Data(strip), contentType: "image/png")
            XCTAssertEqual(refused.status, 422, refused.text)
            XCTAssertEqual(refused.errorCode, "bad_aspect_ratio")
        }
    }

    func testAFullQueueAnswers503AndRecovers() async throws {
        var limits = ServerLimits.noBatching
        limits.queueCapacity = 2
        try await TestServer.with(channelMeans(delay: 0.2), limits: limits) { server in
            let png = Data(try flatPNG())
            let statuses = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<10 { group.addTask { try await server.post(png, contentType: "image/png") } }
                return try await group.reduce(into: [Reply]()) { $0.append($1) }
            }
            let full = statuses.filter { $0.status == 503 }
            XCTAssertGreaterThan(full.count, 0, "10 requests at once against a queue of 2 and a 0.2 s model")
            XCTAssertTrue(full.allSatisfy { $0.errorCode == "queue_full" }, full.map(\.text).joined())
            XCTAssertEqual(statuses.filter { $0.status == 200 }.count + full.count, 10, statuses.map(\.text).joined())
            XCTAssertGreaterThanOrEqual(statuses.filter { $0.status == 200 }.count, 3, "one running and two queued at least")
            let after = try await server.post(png, contentType: "image/png")
            XCTAssertEqual(after.status, 200, "after the burst")
        }
    }

    func testRequestsWaitingPastTheTimeLimitGet503() async throws {
        var limits = ServerLimits.noBatching
        limits.requestTimeout = .milliseconds(150)
        try await TestServer.with(channelMeans(delay: 0.3), limits: limits) { server in
            let png = Data(try flatPNG())
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<3 { group.addTask { try await server.post(png, contentType: "image/png") } }
                return try await group.reduce(into: [Reply]()) { $0.append($1) }
            }
            XCTAssertEqual(replies.filter { $0.status == 200 }.count, 1, replies.map(\.text).joined())
            XCTAssertEqual(replies.filter { $0.errorCode == "timed_out" }.count, 2, replies.map(\.text).joined())
        }
    }

    func testConcurrentRequestsAreBatchedAndEachGetsItsOwnRow() async throws {
        let calls = CallCounter()
        var limits = ServerLimits()
        limits.maxBatchSize = 8
        limits.maxWait = .milliseconds(100)
        try await TestServer.with(channelMeans(delay: 0.05, calls: calls), limits: limits) { server in
            let warmUpCalls = calls.value
            let outputs = try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
                for k in 0..<16 {
                    group.addTask {
                        let reply = try await server.postJSON(["data": [Float](repeating: Float(k), count: 192)])
                        XCTAssertEqual(reply.status, 200, reply.text)
                        return (k, reply.json?["output"] as? [Double] ?? [])
                    }
                }
                return try await group.reduce(into: [Int: [Double]]()) { $0[$1.0] = $1.1 }
            }
            for (k, output) in outputs { XCTAssertEqual(output, [Double](repeating: Double(k), count: 3), "request \(k) got another's row") }
            let count = try await server.metric("serving_batch_size_count"), sum = try await server.metric("serving_batch_size_sum")
            let batches = try XCTUnwrap(count), inputs = try XCTUnwrap(sum)
            XCTAssertEqual(inputs, 16)
            XCTAssertEqual(Double(calls.value - warmUpCalls), batches)
            XCTAssertLessThanOrEqual(batches, 8, "16 requests at once in batches of up to 8 took \(batches) model calls")
        }
    }

    func testGracefulShutdownAnswersTheRequestsAlreadyTaken() async throws {
        var limits = ServerLimits.noBatching
        limits.queueCapacity = 8
        let calls = CallCounter()
        var logger = Logger(label: "serving-test")
        logger.logLevel = .warning
        let server = ModelServer(model: channelMeans(delay: 0.2, calls: calls), port: 0, limits: limits, logger: logger)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let group = ServiceGroup(services: [server.service { portSink.yield($0) }], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let next = await iterator.next()
        let port = try XCTUnwrap(next)
        let client = TestServer(base: URL(string: "http://127.0.0.1:\(port)")!, group: group, session: URLSession(configuration: .ephemeral))
        try await client.waitUntilReady()
        let png = Data(try flatPNG())
        let inFlight = (0..<3).map { _ in Task { try await client.post(png, contentType: "image/png") } }
        // Wait until all three are inside the server (one running, two queued), then shut down.
        while true {
            let depth = try await client.metric("serving_queue_depth") ?? 0
            if calls.value >= 2 && depth >= 2 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        for task in inFlight {
            let reply = try await task.value
            XCTAssertEqual(reply.status, 200, "a request taken before shutdown: \(reply.text)")
        }
        try await running.value
        XCTAssertGreaterThan(ContinuousClock.now - started, .milliseconds(300), "shutdown waited for the queued requests")
        do {
            _ = try await client.get("/health")
            XCTFail("the server still answers after shutdown")
        } catch {}
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, message, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, message, file: file, line: line) }
}
