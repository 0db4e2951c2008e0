import ImageFiles
import Foundation
import Hummingbird
import Tensors

/// Turns a request body into one model input of `model.inputShape`, checking everything
/// that comes from the client before any library op sees it: JSON shape and values,
/// image format, announced size and decoding.
struct RequestInput {
    let model: ServedModel
    let limits: ServerLimits

    /// The JSON form: `{"shape": [3, 224, 224], "data": [0.1, ...]}`, data row-major;
    /// `shape` may be left out when `data` has exactly one input's worth of numbers.
    struct TensorJSON: Decodable {
        let shape: [Int]?
        let data: [Float]
    }

    /// Dispatches on Content-Type: JSON, multipart/form-data (the part named `image` or
    /// `file`, else the first), or a raw image body (PNG or JPEG, told apart by its bytes).
    func tensor(body: [UInt8], contentType: String?) throws -> Tensor {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("application/json") { return try json(body) }
        if type.hasPrefix("multipart/") {
            guard let boundary = Multipart.boundary(contentType: contentType ?? ""),
                let parts = Multipart.parts(body, boundary: boundary)
            else {
                throw ServingError(.badRequest, "bad_multipart", "the body is not multipart/form-data with the boundary its Content-Type names")
            }
            guard let part = parts.first(where: { $0.name == "image" || $0.name == "file" }) ?? parts.first else {
                throw ServingError(.badRequest, "bad_multipart", "the multipart body has no parts")
            }
            return try image(Array(part.body))
        }
        return try image(body)
    }

    func json(_ body: [UInt8]) throws -> Tensor {
        let input: TensorJSON
        do { input = try JSONDecoder().decode(TensorJSON.self, from: Data(body)) } catch {
            throw ServingError.badJSON("expected {\"shape\": [...], \"data\": [numbers]}: \(Self.describe(error))")
        }
        guard input.data.allSatisfy(\.isFinite) else { throw ServingError.badJSON("data holds a number that is not finite") }
        let shape = input.shape ?? model.inputShape
        guard shape == model.inputShape else {
            throw ServingError.wrongShape("model \(model.name) takes inputs of shape \(model.inputShape), got \(shape)")
        }
        let count = model.inputShape.reduce(1, *)
        guard input.data.count == count else {
            throw ServingError.wrongShape("shape \(shape) needs \(count) numbers, got \(input.data.count)")
        }
        return Tensor(input.data, shape: shape)
    }

    func image(_ bytes: [UInt8]) throws -> Tensor {
        guard let imageInput = model.imageInput else {
            throw ServingError(.unsupportedMediaType, "json_only", "model \(model.name) takes JSON tensors, not images")
        }
        let header = try decoding { try ImageDecoding.header(of: bytes, path: "upload") }
        guard header.width > 0 && header.height > 0 else {
            throw ServingError.badImage("the \(header.format.rawValue) header announces a \(header.width)x\(header.height) image")
        }
        let (pixels, overflow) = header.width.multipliedReportingOverflow(by: header.height)
        guard header.width <= limits.maxImageSide && header.height <= limits.maxImageSide && !overflow && pixels <= limits.maxImagePixels else {
            throw ServingError.imageTooLarge(
                "a \(header.width)x\(header.height) image is larger than the limit of \(limits.maxImageSide) per side and \(limits.maxImagePixels) pixels")
        }
        let decoded = try decoding { try ImageDecoding.decode(bytes, path: "upload") }
        let input = try imageInput(decoded)
        guard input.shape == model.inputShape else {
            throw ServingError(.internalServerError, "bad_preprocessing", "preprocessing made \(input.shape), the model takes \(model.inputShape)")
        }
        return input
    }

    /// Runs an image decoder, turning its errors into client errors.
    private func decoding<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatasetError {
            if case .badMagicNumber = error { throw ServingError.notAnImage("the body is neither PNG nor JPEG") }
            throw ServingError.badImage(error.description)
        }
    }

    /// A decoding error in a sentence a client can act on.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}

/// A model's answer: the output row and, for a classifier, the five most likely classes.
struct Prediction: Encodable {
    struct Class: Encodable {
        let index: Int
        let probability: Float
    }

    let model: String
    let shape: [Int]
    let output: [Float]
    let top: [Class]?

    init(model: ServedModel, output: Tensor) {
        self.model = model.name
        self.shape = output.shape
        self.output = output.scalars
        guard model.isClassifier && output.rank == 1 && !self.output.isEmpty else { top = nil; return }
        // Softmax, shifted by the maximum so that exp never overflows.
        let largest = self.output.max()!
        let exps = self.output.map { Foundation.exp($0 - largest) }
        let total = exps.reduce(0, +)
        top = exps.indices.sorted { exps[$0] > exps[$1] }.prefix(5).map { Class(index: $0, probability: exps[$0] / total) }
    }
}
