import FileIO
import Foundation
import NN
import Tensors

extension Module {
    /// Writes a float32 TensorFlow Lite model of a forward pass on `example` (batch and
    /// image size fixed by the example). The model takes the library's [N, C, H, W] input,
    /// transposes it to TFLite's channels-last layout and returns the model's output.
    /// Built on the ONNX trace, so the same layers are supported; TFLite-specific limits
    /// (grouped convolutions other than depthwise, padded pooling, ...) throw
    /// `ONNXError.unsupportedOperation`.
    ///
    /// ```swift
    /// try model.exportTFLite(to: URL(fileURLWithPath: "mobilenet_v2.tflite"), example: Tensor.randn([1, 3, 224, 224]))
    /// ```
    public func exportTFLite(to url: URL, example: Tensor) throws {
        let (graph, output) = try traceONNX(example: example, inputName: "input")
        var model = TFLiteModel()
        try model.translate(graph, input: "input", inputShape: example.shape, output: output.name)
        let data = FlatBufferWriter.serialize(root: model.root(), identifier: "TFL3")
        do { try AtomicFile.write(data, to: url) } catch {
            throw ONNXError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}

/// TFLite's builtin operator codes, option-table types and tensor types (from its schema).
enum Builtin {
    static let add = 0, conv2d = 3, depthwiseConv2d = 4, fullyConnected = 9, logistic = 14, averagePool = 1, maxPool = 17
    static let mul = 18, relu = 19, relu6 = 21, reshape = 22, transpose = 39, pad = 34, mean = 40, padV2 = 60, quantize = 114
    enum Options: UInt8 { case conv2d = 1, depthwiseConv2d = 2, pool2d = 5, fullyConnected = 8, add = 11, reducer = 27 }
    enum TensorType: Int8 { case float32 = 0, int32 = 2, int8 = 9 }
}

/// A TFLite model under construction: tensors, buffers and operators of one subgraph.
struct TFLiteModel {
    var tensors: [FlatValue] = []
    var buffers: [FlatValue] = [.table([])]  // buffer 0: empty, for computed tensors
    var operators: [FlatValue] = []
    var codes: [Int] = []
    var inputs: [Int] = [], outputs: [Int] = []
    /// ONNX value name -> TFLite tensor index and its channels-last shape.
    var values: [String: (index: Int, shape: [Int])] = [:]

    mutating func tensor(_ name: String, _ shape: [Int], int32 data: [Int]? = nil, float data32: [Float]? = nil) -> Int {
        let raw = data.map { $0.map { Int32($0) }.withUnsafeBytes { Data($0) } } ?? data32.map { $0.withUnsafeBytes { Data($0) } }
        return tensor(name, shape, type: data == nil ? .float32 : .int32, raw: raw)
    }

    /// A tensor of any type, with its bytes (a constant) or without (computed), and its quantization table.
    mutating func tensor(_ name: String, _ shape: [Int], type: Builtin.TensorType, raw: Data? = nil, quantization: FlatValue? = nil) -> Int {
        var buffer: UInt32 = 0
        if let raw {
            buffers.append(.table([.offset(.bytes(raw))]))
            buffer = UInt32(buffers.count - 1)
        }
        tensors.append(
            .table([
                .offset(.int32s(shape)), .int8(type.rawValue), .uint32(buffer), .offset(.string(name)),
                quantization.map { .offset($0) },
            ]))
        return tensors.count - 1
    }

    mutating func constant(_ name: String, _ t: Tensor) -> Int { tensor(name, t.shape, float: t.scalars) }

    /// Adds an operator and its output tensor; returns the output's index.
    mutating func op(
        _ code: Int, _ inputs: [Int], output name: String, shape: [Int],
        options: (Builtin.Options, [FlatField?])? = nil, type: Builtin.TensorType = .float32, quantization: FlatValue? = nil
    ) -> Int {
        let out = tensor(name, shape, type: type, quantization: quantization)
        if !codes.contains(code) { codes.append(code) }
        var fields: [FlatField?] = [.uint32(UInt32(codes.firstIndex(of: code)!)), .offset(.int32s(inputs)), .offset(.int32s([out]))]
        if let (type, table) = options { fields += [.uint8(type.rawValue), .offset(.table(table))] }
        operators.append(.table(fields))
        values[name] = (out, shape)
        return out
    }

    func root() -> FlatValue {
        let opcodes = codes.map { FlatValue.table([.int8(Int8(min($0, 127))), nil, .int32(1), .int32(Int32($0))]) }
        let subgraph = FlatValue.table([
            .offset(.vector(tensors)), .offset(.int32s(inputs)), .offset(.int32s(outputs)),
            .offset(.vector(operators)), .offset(.string("main")),
        ])
        return .table([
            .uint32(3), .offset(.vector(opcodes)), .offset(.vector([subgraph])),
            .offset(.string("DeepLearning (Swift)")), .offset(.vector(buffers)),
        ])
    }

    /// Channels-last shape of a [N, C, ...] shape.
    static func nhwc(_ shape: [Int]) -> [Int] { shape.count == 4 ? [shape[0], shape[2], shape[3], shape[1]] : shape }

    mutating func translate(_ graph: ONNXGraphBuilder, input: String, inputShape: [Int], output: String) throws {
        let x = tensor(input, inputShape)
        inputs = [x]
        let perm = tensor("nchw_to_nhwc", [4], int32: [0, 2, 3, 1])
        values[input] = (op(Builtin.transpose, [x, perm], output: input + "_nhwc", shape: Self.nhwc(inputShape)), Self.nhwc(inputShape))
        for node in graph.nodes { try translate(node, graph) }
        guard let result = values[output] else { throw ONNXError.invalidGraph("TFLite: output \(output) was not produced") }
        outputs = [result.index]
    }

    private mutating func translate(_ node: Onnx_NodeProto, _ graph: ONNXGraphBuilder) throws {
        let name = node.output[0]
        let shape = Self.nhwc(graph.shapes[name] ?? [])
        func value(_ i: Int) throws -> (index: Int, shape: [Int]) {
            if let v = values[node.input[i]] { return v }
            guard let t = graph.constants[node.input[i]] else { throw ONNXError.invalidGraph("TFLite: \(node.input[i]) is unknown") }
            let index = constant(node.input[i], t)
            values[node.input[i]] = (index, t.shape)
            return (index, t.shape)
        }
        func const(_ i: Int) -> Tensor? { graph.constants[node.input[i]] }
        func attribute(_ key: String) -> [Int] {
            guard let a = node.attribute.first(where: { $0.name == key }) else { return [] }
            return a.ints.isEmpty ? [Int(a.i)] : a.ints.map(Int.init)
        }
        switch node.opType {
        case "Conv":
            guard let w = const(1) else { throw ONNXError.unsupportedOperation("TFLite Conv with a computed weight") }
            var x = try value(0).index
            let (pads, strides, dilations, group) = (attribute("pads"), attribute("strides"), attribute("dilations"), attribute("group").first ?? 1)
            if pads.contains(where: { $0 != 0 }) {
                let padded = [
                    shape[0], values[node.input[0]]!.shape[1] + pads[0] + pads[2], values[node.input[0]]!.shape[2] + pads[1] + pads[3],
                    values[node.input[0]]!.shape[3],
                ]
                let paddings = tensor(name + "_pads", [4, 2], int32: [0, 0, pads[0], pads[2], pads[1], pads[3], 0, 0])
                x = op(Builtin.pad, [x, paddings], output: name + "_padded", shape: padded)
            }
            let outChannels = w.shape[0]
            let bias = node.input.count > 2 ? try value(2).index : constant(name + "_bias", Tensor.zeros([outChannels]))
            if group == 1 {
                let weight = constant(name + "_weight", w.permute([0, 2, 3, 1]))
                _ = op(
                    Builtin.conv2d, [x, weight, bias], output: name, shape: shape,
                    options: (
                        .conv2d,
                        [
                            .int8(1), .int32(Int32(strides[1])), .int32(Int32(strides[0])), .int8(0),
                            .int32(Int32(dilations[1])), .int32(Int32(dilations[0])),
                        ]
                    ))
            } else if group == outChannels && w.shape[1] == 1 {
                let weight = constant(name + "_weight", w.permute([1, 2, 3, 0]))
                _ = op(
                    Builtin.depthwiseConv2d, [x, weight, bias], output: name, shape: shape,
                    options: (
                        .depthwiseConv2d,
                        [
                            .int8(1), .int32(Int32(strides[1])), .int32(Int32(strides[0])), .int32(1), .int8(0),
                            .int32(Int32(dilations[1])), .int32(Int32(dilations[0])),
                        ]
                    ))
            } else {
                throw ONNXError.unsupportedOperation("TFLite grouped convolution (\(group) groups)")
            }
        case "BatchNormalization":
            guard let scale = const(1), let shift = const(2), let mean = const(3), let variance = const(4) else {
                throw ONNXError.unsupportedOperation("TFLite BatchNormalization with computed statistics")
            }
            let eps = Double(node.attribute.first { $0.name == "epsilon" }?.f ?? 1e-5)
            let factor = scale / (variance + eps).sqrt()
            let scaled = op(Builtin.mul, [try value(0).index, constant(name + "_scale", factor)], output: name + "_scaled", shape: shape)
            _ = op(Builtin.add, [scaled, constant(name + "_shift", shift - mean * factor)], output: name, shape: shape)
        case "Relu": _ = op(Builtin.relu, [try value(0).index], output: name, shape: shape)
        case "Sigmoid": _ = op(Builtin.logistic, [try value(0).index], output: name, shape: shape)
        case "Clip":
            guard const(1)?.item == 0, const(2)?.item == 6 else { throw ONNXError.unsupportedOperation("TFLite Clip other than ReLU6") }
            _ = op(Builtin.relu6, [try value(0).index], output: name, shape: shape)
        case "Add", "Mul":
            _ = op(node.opType == "Add" ? Builtin.add : Builtin.mul, [try value(0).index, try value(1).index], output: name, shape: shape)
        case "Identity":
            values[name] = try value(0)
        case "GlobalAveragePool":
            let axes = tensor(name + "_axes", [2], int32: [1, 2])
            _ = op(Builtin.mean, [try value(0).index, axes], output: name, shape: shape, options: (.reducer, [.bool(true)]))
        case "Flatten":
            var x = try value(0)
            if x.shape.count == 4 && (x.shape[1] != 1 || x.shape[2] != 1) {  // back to [N, C, H, W] order before flattening
                let perm = tensor(name + "_perm", [4], int32: [0, 3, 1, 2])
                x = (op(Builtin.transpose, [x.index, perm], output: name + "_nchw", shape: [x.shape[0], x.shape[3], x.shape[1], x.shape[2]]), [])
            }
            let target = tensor(name + "_shape", [2], int32: shape)
            _ = op(Builtin.reshape, [x.index, target], output: name, shape: shape)
        case "MatMul":
            guard let wT = const(1) else { throw ONNXError.unsupportedOperation("TFLite MatMul of two computed values") }
            _ = op(
                Builtin.fullyConnected, [try value(0).index, constant(name + "_weight", wT.T), -1], output: name, shape: shape,
                options: (.fullyConnected, [.int8(0)]))
        case "MaxPool", "AveragePool":
            guard attribute("pads").allSatisfy({ $0 == 0 }), attribute("ceil_mode").first ?? 0 == 0 else {
                throw ONNXError.unsupportedOperation("TFLite \(node.opType) with padding or ceil mode")
            }
            let (kernel, strides) = (attribute("kernel_shape"), attribute("strides"))
            _ = op(
                node.opType == "MaxPool" ? Builtin.maxPool : Builtin.averagePool, [try value(0).index], output: name, shape: shape,
                options: (
                    .pool2d,
                    [
                        .int8(1), .int32(Int32(strides[1])), .int32(Int32(strides[0])), .int32(Int32(kernel[1])),
                        .int32(Int32(kernel[0])), .int8(0),
                    ]
                ))
        case "Pad":
            guard let pads = const(1)?.doubles.map({ Int($0) }), pads.count == 8 else { throw ONNXError.unsupportedOperation("TFLite Pad") }
            let paddings = tensor(name + "_pads", [4, 2], int32: [pads[0], pads[4], pads[2], pads[6], pads[3], pads[7], pads[1], pads[5]])
            _ = op(Builtin.pad, [try value(0).index, paddings], output: name, shape: shape)
        default:
            throw ONNXError.unsupportedOperation("TFLite \(node.opType)")
        }
    }
}
