import Foundation
import NN
import SwiftProtobuf
import Tensors

/// Runs an ONNX graph (float32 inference) on the library's ops.
///
/// ```swift
/// let model = try ONNXModel(contentsOf: URL(fileURLWithPath: "mobilenet_v2.onnx"))
/// let logits = try model(Tensor.randn([1, 3, 224, 224]))
/// ```
///
/// Supported operators are listed in `ONNXModel.supportedOperators` (Docs/Interop.md);
/// any other throws `ONNXError.unsupportedOperation` naming it, when the file is opened.
public final class ONNXModel {
    public static let supportedOperators: [String] = [
        "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat", "Conv", "ConvTranspose", "Div", "Erf",
        "Flatten", "Gemm", "GlobalAveragePool", "HardSigmoid", "HardSwish", "Identity", "LeakyRelu", "MatMul", "MaxPool",
        "Mul", "Pad", "Pow", "ReduceMean", "Relu", "Reshape", "Resize", "Shape", "Sigmoid", "Slice", "Softmax", "Sqrt",
        "Squeeze", "Sub", "Tanh", "Transpose", "Unsqueeze",
    ]

    public let inputNames: [String]
    public let outputNames: [String]
    /// The model's `metadata_props` (key → value), e.g. a recogniser's character list.
    public let metadata: [String: String]
    private let nodes: [Onnx_NodeProto]
    private let constants: [String: Tensor]

    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ONNXError.unreadable(path: url.path, reason: "file not found") }
        let model: Onnx_ModelProto
        do { model = try Onnx_ModelProto(serializedBytes: data) } catch {
            throw ONNXError.unreadable(path: url.path, reason: "not an ONNX protobuf (\(error))")
        }
        var constants: [String: Tensor] = [:]
        for t in model.graph.initializer { constants[t.name] = try Self.tensor(t) }
        for node in model.graph.node {
            guard node.domain.isEmpty || node.domain == "ai.onnx" else { throw ONNXError.unsupportedOperation("\(node.domain).\(node.opType)") }
            guard Self.supportedOperators.contains(node.opType) || node.opType == "Constant" else {
                throw ONNXError.unsupportedOperation(node.opType)
            }
            if node.opType == "Constant" {
                guard let value = node.attribute.first(where: { $0.name == "value" }), let name = node.output.first else {
                    throw ONNXError.unsupportedOperation("Constant without a tensor value")
                }
                constants[name] = try Self.tensor(value.t)
            }
        }
        self.constants = constants
        nodes = model.graph.node.filter { $0.opType != "Constant" }
        inputNames = model.graph.input.map(\.name).filter { constants[$0] == nil }
        outputNames = model.graph.output.map(\.name)
        metadata = Dictionary(model.metadataProps.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The single output for the single input.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard inputNames.count == 1, outputNames.count == 1 else {
            throw ONNXError.invalidGraph("the model has inputs \(inputNames) and outputs \(outputNames); use run(_:)")
        }
        return try run([inputNames[0]: x])[outputNames[0]]!
    }

    /// Every output, by name, for the named inputs.
    public func run(_ inputs: [String: Tensor]) throws -> [String: Tensor] {
        var values = constants
        for name in inputNames {
            guard let x = inputs[name] else { throw ONNXError.invalidGraph("input \(name) is not given") }
            values[name] = x.dtype == .float32 ? x : x.to(.float32)
        }
        try noGrad {
            for node in nodes {
                let args = try node.input.map { name -> Tensor? in
                    if name.isEmpty { return nil }
                    guard let v = values[name] else { throw ONNXError.invalidGraph("\(node.opType) reads \(name) before it is computed") }
                    return v
                }
                let y = try ONNXOperators.evaluate(node, args)
                if let out = node.output.first { values[out] = y }
            }
        }
        return try Dictionary(
            uniqueKeysWithValues: outputNames.map { name in
                guard let v = values[name] else { throw ONNXError.invalidGraph("output \(name) is never computed") }
                return (name, v)
            })
    }

    /// The most elements one stored tensor may declare (4 GiB of float32).
    static let maxElements = 1 << 30

    static func tensor(_ t: Onnx_TensorProto) throws -> Tensor {
        guard t.dims.allSatisfy({ $0 >= 0 && $0 <= maxElements }) else { throw ONNXError.invalidGraph("tensor \(t.name): dimensions \(t.dims)") }
        let shape = t.dims.map(Int.init)
        let count = try elementCount(shape, of: "tensor \(t.name)")
        let type = Onnx_TensorProto.DataType(rawValue: Int(t.dataType))
        /// Little-endian values of `T` from raw bytes, at any alignment.
        func raw<T: FixedWidthInteger>(_: T.Type) throws -> [T] {
            let size = MemoryLayout<T>.size
            guard t.rawData.count == count * size else {
                throw ONNXError.invalidGraph("tensor \(t.name): \(t.rawData.count) bytes of data for shape \(shape)")
            }
            return t.rawData.withUnsafeBytes { bytes in (0..<count).map { T(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * size, as: T.self)) } }
        }
        var values: [Double]
        switch type {
        case .float?:
            values = t.rawData.isEmpty ? t.floatData.map(Double.init) : try raw(UInt32.self).map { Double(Float(bitPattern: $0)) }
        case .int64?:
            values = t.rawData.isEmpty ? t.int64Data.map(Double.init) : try raw(Int64.self).map(Double.init)
        case .int32?:
            values = t.rawData.isEmpty ? t.int32Data.map(Double.init) : try raw(Int32.self).map(Double.init)
        default:
            throw ONNXError.unsupportedOperation("tensor \(t.name) of data type \(t.dataType)")
        }
        guard values.count == count else { throw ONNXError.invalidGraph("tensor \(t.name): \(values.count) values for shape \(shape)") }
        return Tensor(values, shape: shape, dtype: type == .float ? .float32 : .int64)
    }

    /// The product of `shape`, or a typed error when it overflows or exceeds `maxElements`.
    static func elementCount(_ shape: [Int], of what: @autoclosure () -> String) throws -> Int {
        try shape.reduce(1) { total, n in
            let (product, overflow) = total.multipliedReportingOverflow(by: n)
            guard n >= 0, !overflow, product <= maxElements else { throw ONNXError.invalidGraph("\(what()): shape \(shape) is too large") }
            return product
        }
    }
}

/// The operators, each a function of its node's inputs and attributes.
enum ONNXOperators {
    static func evaluate(_ node: Onnx_NodeProto, _ args: [Tensor?]) throws -> Tensor {
        let attributes = Dictionary(node.attribute.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func int(_ name: String, _ fallback: Int) -> Int { attributes[name].map { Int($0.i) } ?? fallback }
        func float(_ name: String, _ fallback: Double) -> Double { attributes[name].map { Double($0.f) } ?? fallback }
        func ints(_ name: String) -> [Int]? { attributes[name].map { $0.ints.map(Int.init) } }
        func input(_ i: Int) throws -> Tensor {
            guard i < args.count, let t = args[i] else { throw ONNXError.invalidGraph("\(node.opType) \(node.name) needs input \(i)") }
            return t
        }
        /// A typed error naming the node unless `condition` holds.
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            if !condition { throw ONNXError.invalidGraph("\(node.opType) \(node.name): \(message())") }
        }
        func broadcastable(_ a: Tensor, _ b: Tensor) throws {
            try require(a.dtype == b.dtype, "inputs of types \(a.dtype) and \(b.dtype)")
            for (x, y) in zip(a.shape.reversed(), b.shape.reversed()) where x != y && x != 1 && y != 1 {
                throw ONNXError.invalidGraph("\(node.opType) \(node.name): shapes \(a.shape) and \(b.shape) do not broadcast")
            }
        }
        /// An axis in [−rank, rank) made non-negative.
        func axis(_ a: Int, rank: Int) throws -> Int {
            try require(a >= -rank && a < rank, "axis \(a) of a rank-\(rank) tensor")
            return a < 0 ? a + rank : a
        }
        /// Integer values of a shape-like tensor (finite, within Int).
        func integers(_ t: Tensor) throws -> [Int] {
            try t.doubles.map { v in
                try require(v.isFinite && abs(v) < 9.2e18, "integer input holds \(v)")
                return Int(v)
            }
        }
        /// The value of a one-element tensor.
        func scalar(_ t: Tensor?) throws -> Double? {
            guard let t else { return nil }
            try require(t.count == 1, "a scalar input has shape \(t.shape)")
            return t.item
        }
        let x = try input(0)
        switch node.opType {
        case "Add", "Sub", "Mul", "Div":
            let b = try input(1)
            try broadcastable(x, b)
            switch node.opType {
            case "Add": return x + b
            case "Sub": return x - b
            case "Mul": return x * b
            default: return x / b
            }
        case "Identity": return x
        case "Relu": return x.relu()
        case "Sigmoid": return x.sigmoid()
        case "Tanh": return x.tanh()
        case "Sqrt": return x.sqrt()
        case "Erf": return Tensor(x.doubles.map { erf($0) }, shape: x.shape, dtype: x.dtype)
        case "LeakyRelu": return x.leakyRelu(negativeSlope: float("alpha", 0.01))
        case "HardSigmoid": return (x * float("alpha", 0.2) + float("beta", 0.5)).clamp(min: 0, max: 1)
        case "HardSwish": return x * (x / 6 + 0.5).clamp(min: 0, max: 1)
        case "Clip":
            let low = try args.count > 1 ? scalar(args[1]) : attributes["min"].map { Double($0.f) }
            let high = try args.count > 2 ? scalar(args[2]) : attributes["max"].map { Double($0.f) }
            return x.clamp(min: low ?? -.infinity, max: high ?? .infinity)
        case "Softmax": return x.softmax(axis: try axis(int("axis", -1), rank: x.rank))
        case "Flatten":
            var axis = int("axis", 1)
            try require(axis >= -x.rank && axis <= x.rank, "axis \(axis) of \(x.shape)")
            if axis < 0 { axis += x.rank }
            return x.reshape([x.shape[..<axis].reduce(1, *), x.shape[axis...].reduce(1, *)])
        case "Reshape":
            let target = try integers(try input(1))
            try require(
                target.allSatisfy { $0 >= -1 } && target.filter { $0 == -1 }.count <= 1
                    && target.indices.allSatisfy { target[$0] != 0 || int("allowzero", 0) != 0 || $0 < x.rank },
                "\(x.shape) cannot become \(target)")
            let shape = target.enumerated().map { $0.element == 0 && int("allowzero", 0) == 0 ? x.shape[$0.offset] : $0.element }
            let known = try ONNXModel.elementCount(shape.filter { $0 != -1 }, of: "Reshape \(node.name)")
            guard known > 0, x.count % known == 0, shape.contains(-1) || known == x.count else {
                throw ONNXError.invalidGraph("Reshape \(node.name): \(x.shape) cannot become \(target)")
            }
            return x.reshape(shape.map { $0 == -1 ? x.count / known : $0 })
        case "Transpose":
            let perm = ints("perm") ?? Array((0..<x.rank).reversed())
            try require(perm.sorted() == Array(0..<x.rank), "perm \(perm) for \(x.shape)")
            return x.permute(perm)
        case "Concat":
            let parts = args.compactMap { $0 }, a = try axis(int("axis", 0), rank: x.rank)
            try require(
                parts.allSatisfy { part in
                    part.dtype == x.dtype && part.rank == x.rank && part.shape.indices.allSatisfy { $0 == a || part.shape[$0] == x.shape[$0] }
                },
                "shapes \(parts.map(\.shape)) do not join on axis \(a)")
            return concat(parts, axis: a)
        case "MatMul":
            let b = try input(1)
            try require(
                x.dtype == b.dtype && x.rank >= 1 && b.rank >= 1 && x.shape.last == (b.rank == 1 ? b.shape[0] : b.shape[b.rank - 2]), "\(x.shape) × \(b.shape)")
            try require(
                x.dtype.isFloatingPoint && zip(x.shape.dropLast(2).reversed(), b.shape.dropLast(2).reversed()).allSatisfy { $0 == $1 || $0 == 1 || $1 == 1 },
                "batch dimensions of \(x.shape) × \(b.shape)")
            return x.matmul(b)
        case "Gemm":
            var (a, b) = (x, try input(1))
            try require(a.dtype == b.dtype && a.dtype.isFloatingPoint && a.rank == 2 && b.rank == 2, "\(a.shape) × \(b.shape)")
            if int("transA", 0) == 1 { a = a.T }
            if int("transB", 0) == 1 { b = b.T }
            try require(a.shape[1] == b.shape[0], "\(a.shape) × \(b.shape)")
            var y = a.matmul(b) * float("alpha", 1)
            if args.count > 2, let c = args[2] {
                try require(c.rank <= 2, "C of shape \(c.shape)")
                try broadcastable(y, c)
                y = y + c * float("beta", 1)
            }
            return y
        case "BatchNormalization":
            let (scale, shift, mean, variance) = (try input(1), try input(2), try input(3), try input(4))
            try require(
                x.rank >= 2 && [scale, shift, mean, variance].allSatisfy { $0.count == x.shape[1] },
                "input \(x.shape) with parameters \([scale, shift, mean, variance].map(\.shape))")
            let view = [1, x.shape[1]] + Array(repeating: 1, count: x.rank - 2)
            let factor = scale / (variance + float("epsilon", 1e-5)).sqrt()
            return x * factor.reshape(view) + (shift - mean * factor).reshape(view)
        case "GlobalAveragePool":
            try require(x.rank >= 3, "input \(x.shape) has no spatial dimensions")
            return x.mean(axes: Array(2..<x.rank), keepDims: true)
        case "Pad":
            guard (attributes["mode"].map { String(decoding: $0.s, as: UTF8.self) } ?? "constant") == "constant" else {
                throw ONNXError.unsupportedOperation("Pad mode \(String(decoding: attributes["mode"]!.s, as: UTF8.self))")
            }
            let pads = try integers(try input(1))
            guard pads.count == 2 * x.rank, pads.allSatisfy({ $0 >= 0 && $0 <= ONNXModel.maxElements }) else {
                throw ONNXError.unsupportedOperation("Pad with pads \(pads)")
            }
            _ = try ONNXModel.elementCount((0..<x.rank).map { x.shape[$0] + pads[$0] + pads[$0 + x.rank] }, of: "Pad \(node.name)")
            let value = try args.count > 2 ? scalar(args[2]) ?? 0 : 0
            return x.pad((0..<x.rank).map { (pads[$0], pads[$0 + x.rank]) }, value: value)
        case "Cast":
            switch Onnx_TensorProto.DataType(rawValue: int("to", 1)) {
            case .float?, .double?: return x.to(.float32)
            case .int64?, .int32?: return x.to(.int64)
            default: throw ONNXError.unsupportedOperation("Cast to data type \(int("to", 1))")
            }
        case "Shape":
            return Tensor(ints: x.shape)
        case "Pow":
            let exponent = try input(1)
            try broadcastable(x, exponent)
            return exponent.count == 1 ? x.pow(exponent.item) : x.pow(exponent)
        case "ReduceMean":
            let given = try (args.count > 1 ? args[1].map(integers) : nil) ?? ints("axes") ?? Array(0..<x.rank)
            let axes = try given.map { try axis($0, rank: x.rank) }
            try require(Set(axes).count == axes.count, "repeated axes \(given)")
            return x.mean(axes: axes, keepDims: int("keepdims", 1) == 1)
        case "Squeeze", "Unsqueeze":
            let given = try (args.count > 1 ? args[1].map(integers) : nil) ?? ints("axes") ?? []
            let rank = node.opType == "Squeeze" ? x.rank : x.rank + given.count
            let axes = try given.map { try axis($0, rank: rank) }
            try require(Set(axes).count == axes.count, "repeated axes \(given)")
            if node.opType == "Unsqueeze" { return axes.sorted().reduce(x) { $0.unsqueeze(axis: $1) } }
            try require(axes.allSatisfy { x.shape[$0] == 1 }, "axes \(given) of \(x.shape) are not all of size 1")
            let keep = x.shape.enumerated().filter { axes.isEmpty ? $0.element != 1 : !axes.contains($0.offset) }.map(\.element)
            return x.reshape(keep)
        case "Slice":
            return try slice(x, args, node)
        case "Resize":
            return try resize(x, args, node, attributes)
        case "Conv", "ConvTranspose", "MaxPool", "AveragePool":
            return try window(node.opType, x, args, int: int, ints: ints)
        default:
            throw ONNXError.unsupportedOperation(node.opType)
        }
    }

    /// `x[starts:ends:steps]` along `axes` (ends clamped, negative indices from the end).
    private static func slice(_ x: Tensor, _ args: [Tensor?], _ node: Onnx_NodeProto) throws -> Tensor {
        func ints(_ i: Int) -> [Int]? {
            i < args.count ? args[i]?.doubles.map { $0.isNaN ? 0 : $0 >= 9e18 ? Int.max : $0 <= -9e18 ? Int.min : Int($0) } : nil
        }
        guard let starts = ints(1), let ends = ints(2), starts.count == ends.count else {
            throw ONNXError.invalidGraph("Slice \(node.name) needs starts and ends")
        }
        let axes = ints(3) ?? Array(0..<starts.count), steps = ints(4) ?? Array(repeating: 1, count: starts.count)
        guard axes.count == starts.count, steps.count == starts.count else {
            throw ONNXError.invalidGraph("Slice \(node.name): \(starts.count) starts, \(axes.count) axes, \(steps.count) steps")
        }
        var y = x
        for (i, axis) in axes.enumerated() {
            guard axis >= -x.rank, axis < x.rank else { throw ONNXError.invalidGraph("Slice \(node.name): axis \(axis) of \(x.shape)") }
            let a = axis < 0 ? axis + x.rank : axis
            guard steps[i] > 0 else { throw ONNXError.unsupportedOperation("Slice with step \(steps[i]) on axis \(axis)") }
            let n = x.shape[a]
            func clamp(_ v: Int) -> Int { Swift.min(Swift.max(v < 0 ? (v == Int.min ? 0 : v + n) : v, 0), n) }
            let (start, end) = (clamp(starts[i]), clamp(ends[i]))
            y = y.slice(axis: a, start: start, end: Swift.max(start, end), step: steps[i])
        }
        return y
    }

    /// Nearest-neighbour resizing with "asymmetric" coordinates and floor rounding
    /// (output pixel i reads input pixel floor(i / scale)), by scales or sizes.
    private static func resize(
        _ x: Tensor, _ args: [Tensor?], _ node: Onnx_NodeProto,
        _ attributes: [String: Onnx_AttributeProto]
    ) throws -> Tensor {
        func text(_ name: String, _ fallback: String) -> String { attributes[name].map { String(decoding: $0.s, as: UTF8.self) } ?? fallback }
        guard text("mode", "nearest") == "nearest", text("coordinate_transformation_mode", "half_pixel") == "asymmetric",
            text("nearest_mode", "round_prefer_floor") == "floor"
        else {
            throw ONNXError.unsupportedOperation(
                "Resize (mode \(text("mode", "nearest")), \(text("coordinate_transformation_mode", "half_pixel")), \(text("nearest_mode", "round_prefer_floor")))"
            )
        }
        var scales = (args.count > 2 ? args[2]?.doubles : nil) ?? []
        let sizeValues = (args.count > 3 ? args[3]?.doubles : nil) ?? []
        guard sizeValues.allSatisfy({ $0 >= 1 && $0 <= Double(ONNXModel.maxElements) }) else {
            throw ONNXError.invalidGraph("Resize \(node.name): sizes \(sizeValues)")
        }
        var sizes = sizeValues.map { Int($0) }
        if sizes.isEmpty {
            guard scales.count == x.rank, scales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw ONNXError.invalidGraph("Resize \(node.name) needs positive scales or sizes for \(x.shape), got scales \(scales)")
            }
            let scaled = zip(x.shape, scales).map { (Double($0) * $1).rounded(.down) }
            guard scaled.allSatisfy({ $0 >= 1 && $0 <= Double(ONNXModel.maxElements) }) else {
                throw ONNXError.invalidGraph("Resize \(node.name): scales \(scales) of \(x.shape)")
            }
            sizes = scaled.map { Int($0) }
        } else {
            guard sizes.count == x.rank, !x.shape.contains(0) else { throw ONNXError.invalidGraph("Resize \(node.name): sizes \(sizes) for \(x.shape)") }
            scales = zip(sizes, x.shape).map { Double($0) / Double($1) }
        }
        _ = try ONNXModel.elementCount(sizes, of: "Resize \(node.name)")
        var y = x
        for axis in 0..<x.rank where sizes[axis] != x.shape[axis] {
            let index = (0..<sizes[axis]).map { Swift.min(Int((Double($0) / scales[axis]).rounded(.down)), x.shape[axis] - 1) }
            y = y.indexSelect(axis: axis, Tensor(ints: index))
        }
        return y
    }

    /// Convolution and pooling over 2-D windows; asymmetric padding is applied as an explicit pad.
    private static func window(
        _ op: String, _ x: Tensor, _ args: [Tensor?], int: (String, Int) -> Int,
        ints: (String) -> [Int]?
    ) throws -> Tensor {
        guard x.rank == 4 else { throw ONNXError.unsupportedOperation("\(op) on a rank-\(x.rank) input") }
        let weight = op.hasPrefix("Conv") ? args.count > 1 ? args[1] : nil : nil
        guard let kernel = ints("kernel_shape") ?? weight.map({ Array($0.shape.suffix(2)) }), kernel.count == 2 else {
            throw ONNXError.invalidGraph("\(op) needs a 2-D kernel_shape")
        }
        let strides = ints("strides") ?? [1, 1], dilations = ints("dilations") ?? [1, 1]
        var pads = ints("pads") ?? [0, 0, 0, 0]
        guard kernel.allSatisfy({ $0 >= 1 }), strides.count == 2, strides.allSatisfy({ $0 >= 1 }), dilations.count == 2,
            dilations.allSatisfy({ $0 >= 1 }), pads.count == 4, pads.allSatisfy({ $0 >= 0 }),
            (kernel + strides + dilations + pads).allSatisfy({ $0 <= 1 << 16 })
        else {
            throw ONNXError.invalidGraph("\(op): kernel \(kernel), strides \(strides), dilations \(dilations), pads \(pads)")
        }
        let groups = int("group", 1)
        guard groups >= 1, x.shape[1] % groups == 0 else { throw ONNXError.invalidGraph("\(op): \(groups) groups for input \(x.shape)") }
        if op != "ConvTranspose" {
            // Every window must fit: (size + pads − dilation·(kernel − 1) − 1) / stride + 1 ≥ 1.
            for i in 0..<2 where x.shape[2 + i] + pads[i] + pads[i + 2] < dilations[i] * (kernel[i] - 1) + 1 {
                throw ONNXError.invalidGraph("\(op): input \(x.shape) smaller than kernel \(kernel) with pads \(pads)")
            }
        }
        var input = x
        if pads[0] != pads[2] || pads[1] != pads[3] {
            guard op != "ConvTranspose" else { throw ONNXError.unsupportedOperation("ConvTranspose with asymmetric pads \(pads)") }
            input = x.pad([(0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])], value: op == "MaxPool" ? -.infinity : 0)
            pads = [0, 0, 0, 0]
        }
        let padding = SpatialSize([pads[0], pads[1]])
        guard op.hasPrefix("Conv") || (0..<2).allSatisfy({ pads[$0] <= kernel[$0] / 2 }) else {
            throw ONNXError.unsupportedOperation("\(op) with pads \(pads) larger than half the kernel \(kernel)")
        }
        guard x.dtype == .float32, weight.map({ $0.dtype == .float32 }) ?? true else {
            throw ONNXError.invalidGraph("\(op): input of type \(x.dtype), weight of type \(weight?.dtype.description ?? "none")")
        }
        switch op {
        case "Conv":
            guard let weight, weight.rank == 4, x.shape[1] == weight.shape[1] * groups, weight.shape[0] % groups == 0,
                Array(weight.shape.suffix(2)) == kernel, args.count < 3 || args[2].map({ $0.count == weight.shape[0] && $0.dtype == .float32 }) ?? true
            else {
                throw ONNXError.invalidGraph("Conv: input \(x.shape) and weight \(weight?.shape ?? []) with \(groups) groups")
            }
            return conv2d(
                input, weight, bias: args.count > 2 ? args[2] : nil, stride: SpatialSize(strides), padding: padding,
                dilation: SpatialSize(dilations), groups: int("group", 1))
        case "ConvTranspose":
            let outputPadding = ints("output_padding") ?? [0, 0]
            guard let weight, weight.rank == 4, x.shape[1] == weight.shape[0], ints("output_shape") == nil, Array(weight.shape.suffix(2)) == kernel,
                outputPadding.count == 2, zip(outputPadding, strides).allSatisfy({ $0 >= 0 && $0 < $1 }),
                args.count < 3 || args[2].map({ $0.count == weight.shape[1] * groups && $0.dtype == .float32 }) ?? true,
                (0..<2).allSatisfy({ (i: Int) -> Bool in
                    let size: Int = (x.shape[2 + i] - 1) * strides[i] - 2 * pads[i] + dilations[i] * (kernel[i] - 1)
                    return size + outputPadding[i] + 1 >= 1
                })
            else {
                throw ONNXError.invalidGraph("ConvTranspose: input \(x.shape) and weight \(weight?.shape ?? [])")
            }
            return convTranspose2d(
                input, weight, bias: args.count > 2 ? args[2] : nil, stride: SpatialSize(strides), padding: padding,
                outputPadding: SpatialSize(outputPadding), groups: groups, dilation: SpatialSize(dilations))
        case "MaxPool":
            return maxPool2d(
                input, kernelSize: SpatialSize(kernel), stride: SpatialSize(strides), padding: padding,
                dilation: SpatialSize(dilations), ceilMode: int("ceil_mode", 0) == 1)
        default:
            return avgPool2d(
                input, kernelSize: SpatialSize(kernel), stride: SpatialSize(strides), padding: padding,
                ceilMode: int("ceil_mode", 0) == 1, countIncludePad: int("count_include_pad", 0) == 1)
        }
    }
}
