import Foundation
import Hummingbird
import Logging
import Tensors

/// One kind of model as the server runs it: how a request body becomes an input, how a
/// batch of inputs becomes one output each (on the inference thread), and how an output
/// becomes a response. `ServedModel` (tensors and images) and `ServedJSONModel` (JSON in,
/// JSON out, such as a text model) are the two kinds.
protocol BatchedModel: Sendable {
    associatedtype Input: Sendable
    associatedtype Output: Sendable
    var name: String { get }
    /// Checks everything that comes from the client; throws a `ServingError`.
    func input(body: [UInt8], contentType: String?, limits: ServerLimits) throws -> Input
    /// One output per input, in order (`checkedRun` refuses the batch otherwise).
    func run(_ batch: [Input]) throws -> [Output]
    func response(_ output: Output) -> Response
    /// Runs the model once before the server reports ready, so that the first request
    /// does not pay for allocation; returns a line for the log.
    func warmUp() throws -> String
}

extension BatchedModel {
    /// `run`, refusing (500 `model_failed`) a batch whose outputs do not match its inputs one to one.
    func checkedRun(_ batch: [Input]) throws -> [Output] {
        let outputs = try run(batch)
        guard outputs.count == batch.count else {
            throw ServingError(.internalServerError, "model_failed", "the model gave \(outputs.count) outputs for \(batch.count) inputs")
        }
        return outputs
    }
}

/// A tensor handed between tasks; the batcher alone touches it after `submit`.
struct Payload: @unchecked Sendable {
    let tensor: Tensor
}

extension ServedModel: BatchedModel {
    func input(body: [UInt8], contentType: String?, limits: ServerLimits) throws -> Payload {
        Payload(tensor: try RequestInput(model: self, limits: limits).tensor(body: body, contentType: contentType))
    }

    /// Stacks the inputs into one batch and hands each input its row of the output.
    func run(_ batch: [Payload]) throws -> [Payload] {
        let output = predict(stack(batch.map(\.tensor)))
        guard output.rank >= 1 && output.shape[0] == batch.count else {
            throw ServingError(.internalServerError, "model_failed", "the model returned \(output.shape) for \(batch.count) inputs")
        }
        return (0..<batch.count).map { Payload(tensor: output.slice(axis: 0, start: $0, end: $0 + 1).squeeze(axis: 0)) }
    }

    func response(_ output: Payload) -> Response { jsonResponse(Prediction(model: self, output: output.tensor)) }

    func warmUp() throws -> String {
        let output = try checkedRun([Payload(tensor: Tensor.zeros(inputShape))])[0].tensor
        return "input \(inputShape), output \(output.shape)"
    }
}
