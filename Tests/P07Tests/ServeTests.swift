import DeepLearning
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import Serving
import Testing
@testable import P07

/// `P07 serve` as a client sees it: a tagger trained on generated sentences behind the
/// library's model server on a loopback port.
@Suite struct ServeTests {
    @Test func answersEntitiesOverHTTPAndRefusesBadTexts() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var training = TaggerTraining(
            settings: TrainingSettings(epochs: 3, batchSize: 16, lr: 1e-2, seed: 1, embedding: 24, hidden: 24, dropout: 0),
            folder: folder)
        training.log = { _ in }
        let tagger = try training.run(
            train: characters(NERCorpus.sentences(count: 300, seed: 1)),
            dev: characters(NERCorpus.sentences(count: 40, seed: 2)), resume: false)
        let texts = NERCorpus.sentences(count: 3, seed: 3).map { $0.tokens.joined(separator: " ") }
        let expected = try tagger.extract(texts)
        #expect(expected.contains { !$0.entities.isEmpty }, "the generated sentences hold entities")

        var logger = Logger(label: "p07-serve-test")
        logger.logLevel = .critical
        let server = ModelServer(model: Extractor(tagger: tagger, relationModel: nil).served(), host: "127.0.0.1", port: 0, logger: logger)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let group = ServiceGroup(services: [server.service { portSink.yield($0) }], gracefulShutdownSignals: [], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            func post(_ body: String) async throws -> (status: Int, body: Data) {
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/predict")!)
                (request.httpMethod, request.httpBody) = ("POST", Data(body.utf8))
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                let (data, response) = try await URLSession.shared.data(for: request)
                return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
            }
            for (text, extraction) in zip(texts, expected) {
                let body = String(decoding: try JSONEncoder().encode(["text": text]), as: UTF8.self)
                let reply = try await post(body)
                #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
                let answer = try JSONDecoder().decode(Extraction.self, from: reply.body)
                #expect(answer.text == text && answer.entities == extraction.entities)
            }
            for bad in [
                "{\"text\": \"   \"}", "{\"text\": \"\(String(repeating: "x", count: ExtractionRequest.maxCharacters + 1))\"}", "{\"txt\": \"a\"}", "not json",
            ] {
                #expect(try await post(bad).status == 400, "\(bad.prefix(20))")
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

/// Word-level sentences as the character-level ones `extract` reads: a space between
/// words, each character tagged (inside an entity, `I-` after its first character).
func characters(_ sentences: [TaggedSentence]) -> [TaggedSentence] {
    sentences.map { sentence in
        var (tokens, tags) = ([String](), [String]())
        for (i, (word, tag)) in zip(sentence.tokens, sentence.tags).enumerated() {
            if i > 0 {
                tokens.append(" ")
                tags.append(tag.hasPrefix("I-") ? tag : "O")
            }
            for (j, character) in word.enumerated() {
                tokens.append(String(character))
                tags.append(j == 0 || tag == "O" ? tag : "I-" + tag.dropFirst(2))
            }
        }
        return TaggedSentence(tokens: tokens, tags: tags)
    }
}
