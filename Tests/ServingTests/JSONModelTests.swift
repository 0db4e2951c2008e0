import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Serving
import XCTest

/// A text request that refuses an empty or over-long text while it is decoded, before
/// it can join a batch.
private struct TextRequest: Decodable, Sendable {
    let text: String

    init(text: String) { self.text = text }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        guard !text.isEmpty && text.count <= 100 else {
            throw DecodingError.dataCorruptedError(forKey: .text, in: container, debugDescription: "text must hold 1 to 100 characters")
        }
    }

    private enum CodingKeys: String, CodingKey { case text }
}

private struct Letters: Encodable, Sendable {
    let text: String
    let letters: Int
    let batch: Int
}

/// Counts the letters of each text, and says how many requests shared its batch.
private func letterCounter(calls: CallCounter, delay: Double = 0) -> ServedJSONModel<TextRequest, Letters> {
    ServedJSONModel(name: "letters", warmUp: TextRequest(text: "warm")) { requests in
        calls.add()
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        if requests.contains(where: { $0.text == "answer nothing" }) { return [] }
        return requests.map { Letters(text: $0.text, letters: $0.text.filter(\.isLetter).count, batch: requests.count) }
    }
}

final class JSONModelTests: XCTestCase {
    func testJSONRequestsAreAnsweredAndBadOnesRefusedWithoutStoppingTheServer() async throws {
        let calls = CallCounter()
        try await TestServer.with(letterCounter(calls: calls)) { server in
            XCTAssertEqual(calls.value, 1, "warmed up once before ready")
            let reply = try await server.postJSON(["text": "北京 is 2 words"])
            XCTAssertEqual(reply.status, 200, reply.text)
            XCTAssertEqual(reply.json?["letters"] as? Int, 9)
            XCTAssertEqual(reply.json?["text"] as? String, "北京 is 2 words")

            let refusals: [(Data, String?, Int, String)] = [
                (Data("{\"text\": ".utf8), "application/json", 400, "bad_json"),
                (Data("{\"words\": \"x\"}".utf8), "application/json", 400, "bad_json"),
                (Data("{\"text\": \"\"}".utf8), "application/json", 400, "bad_json"),
                (Data("{\"text\": \"x\"}".utf8), "image/png", 415, "json_only"),
            ]
            for (body, type, status, code) in refusals {
                let refused = try await server.post(body, contentType: type)
                XCTAssertEqual(refused.status, status, refused.text)
                XCTAssertEqual(refused.errorCode, code, refused.text)
            }
            let missing = try await server.post(Data("{\"words\": \"x\"}".utf8), contentType: "application/json")
            XCTAssertTrue(missing.text.contains("missing \\\"text\\\""), missing.text)

            let wrongCount = try await server.postJSON(["text": "answer nothing"])
            XCTAssertEqual(wrongCount.status, 500, wrongCount.text)
            XCTAssertEqual(wrongCount.errorCode, "model_failed")

            let after = try await server.post(Data("{\"text\": \"still here\"}".utf8), contentType: "application/json; charset=utf-8")
            XCTAssertEqual(after.status, 200, after.text)
            XCTAssertEqual(after.json?["letters"] as? Int, 9)
        }
    }

    func testConcurrentJSONRequestsShareBatchesAndEachGetsItsOwnAnswer() async throws {
        let calls = CallCounter()
        var limits = ServerLimits()
        limits.maxBatchSize = 8
        limits.maxWait = .milliseconds(100)
        try await TestServer.with(letterCounter(calls: calls, delay: 0.05), limits: limits) { server in
            let warmUpCalls = calls.value
            let answers = try await withThrowingTaskGroup(of: (Int, Int, Int).self) { group in
                for k in 1...16 {
                    group.addTask {
                        let reply = try await server.postJSON(["text": String(repeating: "a", count: k)])
                        XCTAssertEqual(reply.status, 200, reply.text)
                        return (k, reply.json?["letters"] as? Int ?? -1, reply.json?["batch"] as? Int ?? 0)
                    }
                }
                return try await group.reduce(into: [(Int, Int, Int)]()) { $0.append($1) }
            }
            for (k, letters, _) in answers { XCTAssertEqual(letters, k, "request \(k) got another's answer") }
            XCTAssertGreaterThan(answers.map(\.2).max() ?? 0, 1, "no two requests shared a batch")
            XCTAssertLessThanOrEqual(calls.value - warmUpCalls, 8, "16 requests at once in batches of up to 8")
            let inputs = try await server.metric("serving_batch_size_sum")
            XCTAssertEqual(inputs, 16)
        }
    }

    func testAModelWhoseWarmUpFailsIsNeverReady() async throws {
        struct Broken: Error {}
        let broken = ServedJSONModel(name: "broken", warmUp: TextRequest(text: "warm")) { (_: [TextRequest]) -> [Letters] in throw Broken() }
        try await TestServer.with(broken, waitForReady: false) { server in
            try await Task.sleep(for: .milliseconds(200))
            let ready = try await server.get("/ready")
            XCTAssertEqual(ready.status, 503, ready.text)
            let reply = try await server.postJSON(["text": "hello"])
            XCTAssertEqual(reply.status, 500, reply.text)
            XCTAssertEqual(reply.errorCode, "model_failed")
        }
    }
}
