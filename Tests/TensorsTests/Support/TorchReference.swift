import Foundation
import Testing
@testable import Tensors
import Workbook

/// One tensor of a fixture: dtype, shape and row-major values.
struct EncodedTensor: Decodable, Sendable {
    let dtype: String
    let shape: [Int]
    let values: [Double]
    var requiresGrad: Bool?

    var tensorDType: DType { DType(rawValue: dtype)! }

    func tensor() -> Tensor {
        Tensor(values, shape: shape, dtype: tensorDType, requiresGrad: requiresGrad ?? false)
    }
}

/// One op applied by PyTorch: inputs, output and, for differentiable ops, the gradients
/// of `Σ upstream ⊙ output` with respect to every floating-point input.
struct TorchCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let op: String
    let dtype: String
    let args: [String: JSONFixture]
    let inputs: [EncodedTensor]
    let output: EncodedTensor
    let upstream: [Double]?
    let grads: [EncodedTensor?]?

    var testDescription: String { name }
}

enum TorchReference {
    /// Fixtures/torch_reference.json (written by Fixtures/generate_fixtures.py), or why it
    /// could not be read: `TorchReferenceTests.theFixturesLoad` fails with the reason, so a
    /// broken file never passes as zero cases.
    static let loaded = load("torch_reference.json")
    static var cases: [TorchCase] { (try? loaded.get()) ?? [] }

    /// The cases of a fixture file in this schema.
    static func load(_ file: String) -> Result<[TorchCase], Error> {
        Result { try Fixtures.decode(File.self, file, in: .module).cases }
    }
    private struct File: Decodable { let cases: [TorchCase] }
}

/// Typed access to a case's arguments.
struct Arguments {
    let raw: [String: JSONFixture]

    func has(_ key: String) -> Bool { raw[key].map { !$0.isNull } ?? false }
    private func value(_ key: String) -> JSONFixture {
        guard let v = raw[key] else { fatalError("argument \(key) missing in \(raw.keys.sorted())") }
        return v
    }
    func double(_ key: String) -> Double { value(key).double }
    func int(_ key: String) -> Int { Int(double(key)) }
    func optionalInt(_ key: String) -> Int? { has(key) ? int(key) : nil }
    func bool(_ key: String) -> Bool { value(key).bool }
    func string(_ key: String) -> String { value(key).string }
    func ints(_ key: String) -> [Int] { value(key).array.map(\.int) }
    func optionalInts(_ key: String) -> [Int]? { has(key) ? ints(key) : nil }
    func pairs(_ key: String) -> [(Int, Int)] { value(key).array.map { ($0[0].int, $0[1].int) } }
}

/// The Swift spelling of every op the fixtures name. Multi-output ops (split, chunk)
/// are flattened and concatenated, exactly as the generator does in PyTorch.
/// Built once and never changed, so sharing it across parallel tests is safe.
nonisolated(unsafe) let swiftOps: [String: ([Tensor], Arguments) -> Tensor] = {
    func flat(_ pieces: [Tensor]) -> Tensor { concat(pieces.map { $0.reshape([-1]) }) }
    func binary(_ f: @escaping (Tensor, Tensor) -> Tensor) -> ([Tensor], Arguments) -> Tensor { { x, _ in f(x[0], x[1]) } }
    func unary(_ f: @escaping (Tensor) -> Tensor) -> ([Tensor], Arguments) -> Tensor { { x, _ in f(x[0]) } }
    return [
        "add": binary(+), "sub": binary(-), "mul": binary(*), "div": binary(/),
        "maximum": binary { $0.maximum($1) }, "minimum": binary { $0.minimum($1) },
        "addScalar": { x, a in x[0] + a.double("scalar") }, "subScalar": { x, a in x[0] - a.double("scalar") },
        "mulScalar": { x, a in x[0] * a.double("scalar") }, "divScalar": { x, a in x[0] / a.double("scalar") },
        "rsubScalar": { x, a in a.double("scalar") - x[0] }, "rdivScalar": { x, a in a.double("scalar") / x[0] },
        "neg": unary { -$0 }, "exp": unary { $0.exp() }, "log": unary { $0.log() }, "sqrt": unary { $0.sqrt() },
        "abs": unary { $0.abs() }, "sin": unary { $0.sin() }, "cos": unary { $0.cos() },
        "sigmoid": unary { $0.sigmoid() }, "tanh": unary { $0.tanh() }, "relu": unary { $0.relu() },
        "silu": unary { $0.silu() },
        "leakyRelu": { x, a in x[0].leakyRelu(negativeSlope: a.double("slope")) },
        "gelu": { x, a in x[0].gelu(approximate: a.string("approximate") == "tanh" ? .tanh : .none) },
        "softplus": { x, a in x[0].softplus(beta: a.double("beta")) },
        "clamp": { x, a in x[0].clamp(min: a.has("min") ? a.double("min") : -.infinity, max: a.has("max") ? a.double("max") : .infinity) },
        "powScalar": { x, a in x[0].pow(a.double("exponent")) },
        "powTensor": binary { $0.pow($1) },
        "to": { x, a in x[0].to(DType(rawValue: a.string("dtype"))!) },
        "sum": { x, a in x[0].sum(axes: a.optionalInts("axes"), keepDims: a.bool("keepDims")) },
        "mean": { x, a in x[0].mean(axes: a.optionalInts("axes"), keepDims: a.bool("keepDims")) },
        "variance": { x, a in x[0].variance(axes: a.optionalInts("axes"), unbiased: a.bool("unbiased"), keepDims: a.bool("keepDims")) },
        "max": { x, a in a.has("axis") ? x[0].max(axis: a.int("axis"), keepDims: a.bool("keepDims")) : x[0].max() },
        "min": { x, a in a.has("axis") ? x[0].min(axis: a.int("axis"), keepDims: a.bool("keepDims")) : x[0].min() },
        "argmax": { x, a in x[0].argmax(axis: a.int("axis"), keepDims: a.bool("keepDims")) },
        "argmin": { x, a in x[0].argmin(axis: a.int("axis"), keepDims: a.bool("keepDims")) },
        "logSumExp": { x, a in x[0].logSumExp(axis: a.int("axis"), keepDims: a.bool("keepDims")) },
        "matmul": binary { $0.matmul($1) },
        "reshape": { x, a in x[0].reshape(a.ints("shape")) },
        "permute": { x, a in x[0].permute(a.ints("order")) },
        "transpose": { x, a in x[0].transpose(a.int("a"), a.int("b")) },
        "squeeze": { x, a in x[0].squeeze(axis: a.optionalInt("axis")) },
        "unsqueeze": { x, a in x[0].unsqueeze(axis: a.int("axis")) },
        "expand": { x, a in x[0].expand(a.ints("shape")) },
        "slice": { x, a in x[0].slice(axis: a.int("axis"), start: a.int("start"), end: a.optionalInt("end"), step: a.int("step")) },
        "concat": { x, a in concat(x, axis: a.int("axis")) },
        "stack": { x, a in stack(x, axis: a.int("axis")) },
        "split": { x, a in flat(a.has("sizes") ? x[0].split(sizes: a.ints("sizes"), axis: a.int("axis")) : x[0].split(size: a.int("size"), axis: a.int("axis")))
        },
        "chunk": { x, a in flat(x[0].chunk(a.int("chunks"), axis: a.int("axis"))) },
        "pad": { x, a in x[0].pad(a.pairs("padding"), value: a.double("value")) },
        "gather": { x, a in x[0].gather(axis: a.int("axis"), index: x[1]) },
        "indexSelect": { x, a in x[0].indexSelect(axis: a.int("axis"), x[1]) },
        "scatterAdd": { x, a in x[0].scatterAdd(axis: a.int("axis"), index: x[1], source: x[2]) },
        "oneHot": { x, a in x[0].oneHot(classes: a.int("classes")) },
        "where": { x, _ in `where`(x[0], x[1], x[2]) },
        "softmax": { x, a in x[0].softmax(axis: a.int("axis")) },
        "logSoftmax": { x, a in x[0].logSoftmax(axis: a.int("axis")) },
    ]
}()
