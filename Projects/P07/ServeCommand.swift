import ArgumentParser
import DeepLearning
import Foundation
import Logging
import Serving

/// One request to the extraction service: `{"text": "..."}`. A blank text, or one longer
/// than `maxCharacters`, is refused while the body is decoded (400), before it can join a batch.
struct ExtractionRequest: Decodable, Sendable {
    static let maxCharacters = 5_000
    let text: String

    init(text: String) { self.text = text }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.count <= Self.maxCharacters else {
            throw DecodingError.dataCorruptedError(
                forKey: .text, in: container,
                debugDescription: "text must hold 1 to \(Self.maxCharacters) characters and not be blank")
        }
    }

    private enum CodingKeys: String, CodingKey { case text }
}

extension Extractor {
    /// The extractor as the library's model server runs it: requests that arrive together
    /// are tagged as one batch, and each gets its text's entities (and relations).
    func served(name: String = "p07-extractor") -> ServedJSONModel<ExtractionRequest, Extraction> {
        ServedJSONModel(name: name, warmUp: ExtractionRequest(text: "新华社北京电")) { requests in
            try extract(requests.map(\.text))
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "The extractor behind HTTP: POST /predict {\"text\": ...} answers the entities (and relations) as `extract` prints them; GET /health, /ready, /metrics."
    )

    @Option(help: "The training run's folder.") var model = "out/P07/bilstm-crf-100"
    @Option(help: "A relation model's folder (`relations train --language zh`); none: entities only.") var relations: String?
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port).") var port = 8080
    @Option(help: "Most texts tagged in one batch (1: no batching).") var maxBatch = 16

    func run() async throws {
        let extractor = try Extractor.load(tagger: model, relations: relations)
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        var limits = ServerLimits()
        limits.maxBatchSize = max(1, maxBatch)
        try await ModelServer(model: extractor.served(), host: host, port: port, limits: limits, logger: Logger(label: "P07")).run()
    }
}
