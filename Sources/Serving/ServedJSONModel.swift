import Foundation
import Hummingbird

/// A model that reads a JSON request and answers JSON, such as a text model: the server
/// decodes each `POST /predict` body as `Request`, batches requests as it does tensors
/// (`ServerLimits`), and encodes each `Answer` as the response.
///
/// A body that does not decode is refused with 400 `bad_json` and the decoder's reason,
/// before it reaches the model; put checks on a request's values (an empty text, a text
/// too long) in `Request`'s `init(from:)`, so that one bad request never fails a batch.
///
/// ```swift
/// struct Text: Decodable, Sendable { let text: String }
/// let served = ServedJSONModel(name: "lengths", warmUp: Text(text: "hello")) { (requests: [Text]) in
///     requests.map { $0.text.count }
/// }
/// try await ModelServer(model: served, port: 8080).run()
/// ```
/// The server calls `answer` from one thread at a time, never concurrently.
public struct ServedJSONModel<Request: Decodable & Sendable, Answer: Encodable & Sendable>: @unchecked Sendable {
    public let name: String
    /// A request the server answers once before it reports ready.
    public let warmUpRequest: Request
    /// One answer per request, in order.
    public let answer: ([Request]) throws -> [Answer]

    public init(name: String, warmUp: Request, answer: @escaping ([Request]) throws -> [Answer]) {
        (self.name, self.warmUpRequest, self.answer) = (name, warmUp, answer)
    }
}

extension ServedJSONModel: BatchedModel {
    func input(body: [UInt8], contentType: String?, limits: ServerLimits) throws -> Request {
        let type = contentType?.lowercased() ?? "application/json"
        guard type.hasPrefix("application/json") else {
            throw ServingError(.unsupportedMediaType, "json_only", "model \(name) takes application/json, not \(type)")
        }
        do { return try JSONDecoder().decode(Request.self, from: Data(body)) } catch {
            throw ServingError.badJSON(RequestInput.describe(error))
        }
    }

    func run(_ batch: [Request]) throws -> [Answer] { try answer(batch) }

    func response(_ output: Answer) -> Response { jsonResponse(output) }

    func warmUp() throws -> String {
        _ = try checkedRun([warmUpRequest])
        return "JSON requests"
    }
}
