import Foundation
import Hummingbird

/// Why a request was refused, as the client sees it: an HTTP status and a JSON body
/// `{"error": {"code": "...", "message": "..."}}`. Every failure a request can cause
/// is one of these; none of them stops the server.
public struct ServingError: Error, Equatable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    /// A short machine-readable name, e.g. `not_an_image`, `wrong_shape`, `queue_full`.
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        (self.status, self.code, self.message) = (status, code, message)
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    static func badJSON(_ message: String) -> ServingError { ServingError(.badRequest, "bad_json", message) }
    static func wrongShape(_ message: String) -> ServingError { ServingError(.unprocessableContent, "wrong_shape", message) }
    static func badImage(_ message: String) -> ServingError { ServingError(.badRequest, "bad_image", message) }
    static func notAnImage(_ message: String) -> ServingError { ServingError(.unsupportedMediaType, "not_an_image", message) }
    static func imageTooLarge(_ message: String) -> ServingError { ServingError(.contentTooLarge, "image_too_large", message) }
    static func bodyTooLarge(limit: Int) -> ServingError {
        ServingError(.contentTooLarge, "body_too_large", "the request body is larger than \(limit) bytes")
    }
    static let queueFull = ServingError(.serviceUnavailable, "queue_full", "the request queue is full; retry later")
    static let timedOut = ServingError(.serviceUnavailable, "timed_out", "the request waited longer than the time limit")
    static let shuttingDown = ServingError(.serviceUnavailable, "shutting_down", "the server is shutting down")

    /// The JSON response that carries this error.
    func response() -> Response {
        let body = ["error": ["code": code, "message": message]]
        var response = jsonResponse(body, status: status)
        if status == .serviceUnavailable { response.headers[.retryAfter] = "1" }
        return response
    }
}

/// A JSON response with `value` encoded as its body.
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
