import FileIO
import Foundation
import NN
import Tensors
import Vision

/// Why a model could not be exported to (or read from) ONNX.
public enum ONNXError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A layer or operation the exporter cannot express, by name.
    case unsupportedOperation(String)
    /// The traced graph does not reproduce the model's own output on the example.
    case traceMismatch(String)
    case writeFailed(path: String, reason: String)
    case unreadable(path: String, reason: String)
    /// A graph that reads a value before computing it, or whose shapes do not fit.
    case invalidGraph(String)

    public var description: String {
        switch self {
        case let .unsupportedOperation(name): return "ONNX: \(name) is not supported"
        case let .traceMismatch(reason): return "ONNX export: the traced graph differs from the model: \(reason)"
        case let .writeFailed(path, reason): return "cannot write ONNX model \(path): \(reason)"
        case let .unreadable(path, reason): return "cannot read ONNX model \(path): \(reason)"
        case let .invalidGraph(reason): return "invalid ONNX graph: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}

/// A module that writes its own ONNX nodes (composite blocks whose `forward` is not a
/// plain chain of layers). `x` is the traced input: its name in the graph and its value.
public protocol ONNXExportable: Module {
    func exportONNX(_ x: ONNXValue, into graph: ONNXGraphBuilder) throws -> ONNXValue
}

/// A value during export: its name in the graph and the tensor the example produces there.
public struct ONNXValue {
    public let name: String
    public let value: Tensor
}

extension Module {
    /// Traces a forward pass on `example` and writes it as an ONNX model (opset 17) whose
    /// input `inputName` and output `outputName` have a dynamic batch axis. Throws
    /// `ONNXError.unsupportedOperation` naming the first layer it cannot express.
    /// The model should be in evaluation mode (dropout and batch norm as at inference).
    ///
    /// ```swift
    /// let model = MobileNetV2(); model.eval()
    /// try model.exportONNX(to: URL(fileURLWithPath: "mobilenet_v2.onnx"), example: Tensor.randn([1, 3, 224, 224]))
    /// ```
    public func exportONNX(to url: URL, example: Tensor, inputName: String = "input", outputName: String = "output") throws {
        let (graph, output) = try traceONNX(example: example, inputName: inputName)
        let data = try graph.model(
            input: inputName, inputShape: example.shape, output: output.name, outputName: outputName,
            outputShape: output.value.shape
        ).serializedData()
        do { try AtomicFile.write(data, to: url) } catch {
            throw ONNXError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    /// The ONNX nodes of a forward pass on `example`, checked against `self(example)`.
    func traceONNX(example: Tensor, inputName: String) throws -> (ONNXGraphBuilder, ONNXValue) {
        let graph = ONNXGraphBuilder()
        let output = try noGrad { try graph.emit(self, ONNXValue(name: inputName, value: example)) }
        let reference = noGrad { self(example) }
        guard reference.shape == output.value.shape else {
            throw ONNXError.traceMismatch("output shape \(output.value.shape), the model gives \(reference.shape)")
        }
        let difference = zip(reference.scalars, output.value.scalars).map { abs($0 - $1) }.max() ?? 0
        guard difference <= 1e-5 * max(1, reference.scalars.map(abs).max() ?? 0) else {
            throw ONNXError.traceMismatch("max |difference| \(difference) on the example")
        }
        return (graph, output)
    }
}

/// Collects ONNX nodes and weights while the model's layers are walked in forward order.
public final class ONNXGraphBuilder {
    public static let opset = 17
    private(set) var nodes: [Onnx_NodeProto] = []
    private var initializers: [Onnx_TensorProto] = []
    private var counter = 0
    /// Every weight by name, and the shape of every traced value, for other writers (TFLite).
    private(set) var constants: [String: Tensor] = [:]
    private(set) var shapes: [String: [Int]] = [:]

    /// A new unique name in the graph.
    func fresh(_ base: String) -> String {
        counter += 1
        return "\(base)_\(counter)"
    }

    /// Adds `t` as a weight (float32 or int64) and returns its name.
    public func constant(_ t: Tensor, _ base: String = "const") -> String {
        var proto = Onnx_TensorProto()
        proto.name = fresh(base)
        proto.dims = t.shape.map(Int64.init)
        if t.dtype == .int64 {
            proto.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
            proto.rawData = t.doubles.map { Int64($0) }.withUnsafeBytes { Data($0) }
        } else {
            proto.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            proto.rawData = t.scalars.withUnsafeBytes { Data($0) }
        }
        initializers.append(proto)
        constants[proto.name] = t
        return proto.name
    }

    /// Adds a weight of another element type (int8, uint8, int32) from its little-endian bytes; returns its name.
    func constant(raw: Data, type: Onnx_TensorProto.DataType, dims: [Int], _ base: String) -> String {
        var proto = Onnx_TensorProto()
        proto.name = fresh(base)
        proto.dims = dims.map(Int64.init)
        proto.dataType = Int32(type.rawValue)
        proto.rawData = raw
        initializers.append(proto)
        return proto.name
    }

    /// Adds one node; `value` is what it computes on the example.
    public func node(_ op: String, _ inputs: [String], _ attributes: [Onnx_AttributeProto] = [], value: Tensor) -> ONNXValue {
        ONNXValue(name: node(op, inputs, attributes, shape: value.shape), value: value)
    }

    /// Adds one node whose output has `shape`; returns the output's name.
    func node(_ op: String, _ inputs: [String], _ attributes: [Onnx_AttributeProto] = [], shape: [Int]) -> String {
        var proto = Onnx_NodeProto()
        proto.opType = op
        proto.name = fresh(op)
        proto.input = inputs
        proto.output = [proto.name + "_out"]
        proto.attribute = attributes
        nodes.append(proto)
        shapes[proto.output[0]] = shape
        return proto.output[0]
    }

    public static func attribute(_ name: String, ints: [Int]) -> Onnx_AttributeProto {
        attribute(name, .ints) { $0.ints = ints.map(Int64.init) }
    }

    public static func attribute(_ name: String, int: Int) -> Onnx_AttributeProto {
        attribute(name, .int) { $0.i = Int64(int) }
    }

    public static func attribute(_ name: String, float: Double) -> Onnx_AttributeProto {
        attribute(name, .float) { $0.f = Float(float) }
    }

    private static func attribute(
        _ name: String, _ type: Onnx_AttributeProto.AttributeType,
        _ fill: (inout Onnx_AttributeProto) -> Void
    ) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = type
        fill(&a)
        return a
    }

    // MARK: Layers

    /// The nodes of `module` applied to `x`.
    public func emit(_ module: Module, _ x: ONNXValue) throws -> ONNXValue {
        typealias A = ONNXGraphBuilder
        /// A pooling window size for every spatial axis of `x`.
        func spatial(_ s: SpatialSize) -> [Int] { s.values.count == 1 ? Array(repeating: s.values[0], count: x.value.rank - 2) : s.values }
        switch module {
        case let custom as ONNXExportable:
            return try custom.exportONNX(x, into: self)
        case let sequential as Sequential:
            return try sequential.layers.reduce(x) { try emit($1, $0) }
        case let classifier as ImageClassifier:
            return try emit(classifier.head, emit(classifier.backbone, x))
        case let conv as ConvolutionLayer:
            guard !conv.isTransposed else { throw ONNXError.unsupportedOperation("ConvTranspose (\(type(of: conv)))") }
            let y = conv(x.value)
            let inputs = [x.name, constant(conv.weight, "weight")] + (conv.bias.map { [constant($0, "bias")] } ?? [])
            return node(
                "Conv", inputs,
                [
                    A.attribute("kernel_shape", ints: conv.kernelSize), A.attribute("strides", ints: conv.stride),
                    A.attribute("pads", ints: conv.padding + conv.padding), A.attribute("dilations", ints: conv.dilation),
                    A.attribute("group", int: conv.groups),
                ], value: y)
        case let bn as BatchNorm:
            guard !bn.isTraining else { throw ONNXError.unsupportedOperation("BatchNorm in training mode (call eval() first)") }
            let n = bn.numFeatures
            let inputs = [
                x.name, constant(bn.weight ?? Tensor.ones([n]), "scale"), constant(bn.bias ?? Tensor.zeros([n]), "shift"),
                constant(bn.runningMean, "mean"), constant(bn.runningVar, "var"),
            ]
            return node("BatchNormalization", inputs, [A.attribute("epsilon", float: bn.eps)], value: bn(x.value))
        case let linear as Linear:
            let product = node("MatMul", [x.name, constant(linear.weight.T, "weight")], value: x.value.matmul(linear.weight.T))
            guard let bias = linear.bias else { return product }
            return node("Add", [product.name, constant(bias, "bias")], value: linear(x.value))
        case is ReLU:
            return node("Relu", [x.name], value: x.value.relu())
        case is ReLU6:
            return clip(x, min: 0, max: 6)
        case let leaky as LeakyReLU:
            return node("LeakyRelu", [x.name], [A.attribute("alpha", float: leaky.negativeSlope)], value: leaky(x.value))
        case is Sigmoid:
            return node("Sigmoid", [x.name], value: x.value.sigmoid())
        case is Tanh:
            return node("Tanh", [x.name], value: x.value.tanh())
        case is SiLU:
            return silu(x)
        case let softmax as Softmax:
            return node("Softmax", [x.name], [A.attribute("axis", int: softmax.axis)], value: softmax(x.value))
        case is Dropout, is Identity, is StochasticDepth:
            guard !module.isTraining || module is Identity else {
                throw ONNXError.unsupportedOperation("\(type(of: module)) in training mode (call eval() first)")
            }
            return x
        case let flatten as Flatten:
            guard flatten.endDim == -1 || flatten.endDim == x.value.rank - 1 else { throw ONNXError.unsupportedOperation("Flatten(endDim: \(flatten.endDim))") }
            return node("Flatten", [x.name], [A.attribute("axis", int: flatten.startDim)], value: flatten(x.value))
        case let pool as AdaptiveAvgPool:
            guard pool.outputSize.values.allSatisfy({ $0 == 1 }) else { throw ONNXError.unsupportedOperation("AdaptiveAvgPool to \(pool.outputSize)") }
            return node("GlobalAveragePool", [x.name], value: pool(x.value))
        case let pool as MaxPool:
            let padding = spatial(pool.padding)
            return node(
                "MaxPool", [x.name],
                [
                    A.attribute("kernel_shape", ints: spatial(pool.kernelSize)),
                    A.attribute("strides", ints: spatial(pool.stride ?? pool.kernelSize)),
                    A.attribute("pads", ints: padding + padding), A.attribute("dilations", ints: spatial(pool.dilation)),
                    A.attribute("ceil_mode", int: pool.ceilMode ? 1 : 0),
                ], value: pool(x.value))
        case let pool as AvgPool:
            let padding = spatial(pool.padding)
            return node(
                "AveragePool", [x.name],
                [
                    A.attribute("kernel_shape", ints: spatial(pool.kernelSize)),
                    A.attribute("strides", ints: spatial(pool.stride ?? pool.kernelSize)),
                    A.attribute("pads", ints: padding + padding), A.attribute("ceil_mode", int: pool.ceilMode ? 1 : 0),
                    A.attribute("count_include_pad", int: pool.countIncludePad ? 1 : 0),
                ], value: pool(x.value))
        default:
            throw ONNXError.unsupportedOperation(String(describing: type(of: module)))
        }
    }

    // MARK: Operations shared by several layers

    public func add(_ a: ONNXValue, _ b: ONNXValue) -> ONNXValue { node("Add", [a.name, b.name], value: a.value + b.value) }
    public func mul(_ a: ONNXValue, _ b: ONNXValue) -> ONNXValue { node("Mul", [a.name, b.name], value: a.value * b.value) }
    public func relu(_ x: ONNXValue) -> ONNXValue { node("Relu", [x.name], value: x.value.relu()) }
    public func sigmoid(_ x: ONNXValue) -> ONNXValue { node("Sigmoid", [x.name], value: x.value.sigmoid()) }
    public func silu(_ x: ONNXValue) -> ONNXValue { mul(x, sigmoid(x)) }

    public func clip(_ x: ONNXValue, min: Double, max: Double) -> ONNXValue {
        node("Clip", [x.name, constant(Tensor(min), "min"), constant(Tensor(max), "max")], value: x.value.clamp(min: min, max: max))
    }

    /// Zero padding of the spatial axes of [N, C, H, W]: (before, after) per axis.
    public func pad(_ x: ONNXValue, _ spatial: [(Int, Int)]) -> ONNXValue {
        guard spatial.contains(where: { $0 != (0, 0) }) else { return x }
        let all = [(0, 0), (0, 0)] + spatial
        let pads = Tensor(ints: all.map(\.0) + all.map(\.1))
        return node("Pad", [x.name, constant(pads, "pads")], value: x.value.pad(all))
    }

    // MARK: The model

    func model(input: String, inputShape: [Int], output: String, outputName: String, outputShape: [Int]) -> Onnx_ModelProto {
        func info(_ name: String, _ shape: [Int]) -> Onnx_ValueInfoProto {
            var v = Onnx_ValueInfoProto()
            v.name = name
            v.type.tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            v.type.tensorType.shape.dim = shape.enumerated().map { axis, size in
                var d = Onnx_TensorShapeProto.Dimension()
                if axis == 0 { d.dimParam = "batch" } else { d.dimValue = Int64(size) }
                return d
            }
            return v
        }
        var graph = Onnx_GraphProto()
        graph.name = "model"
        graph.node = nodes
        // The last node writes the output under its public name.
        if let last = graph.node.indices.last, graph.node[last].output == [output] {
            graph.node[last].output = [outputName]
        } else {
            graph.node.append(
                {
                    var n = Onnx_NodeProto(); n.opType = "Identity"; n.name = "output"; n.input = [output]; n.output = [outputName]; return n
                }())
        }
        graph.initializer = initializers
        graph.input = [info(input, inputShape)]
        graph.output = [info(outputName, outputShape)]
        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.producerName = "DeepLearning (Swift)"
        var opset = Onnx_OperatorSetIdProto()
        opset.version = Int64(Self.opset)
        model.opsetImport = [opset]
        model.graph = graph
        return model
    }
}

// MARK: The model zoo's composite blocks

extension InvertedResidual: ONNXExportable {
    public func exportONNX(_ x: ONNXValue, into graph: ONNXGraphBuilder) throws -> ONNXValue {
        let y = try graph.emit(conv, x)
        return usesResidual ? graph.add(x, y) : y
    }
}

extension MBConv: ONNXExportable {
    public func exportONNX(_ x: ONNXValue, into graph: ONNXGraphBuilder) throws -> ONNXValue {
        let y = try graph.emit(block, x)
        return usesResidual ? graph.add(try graph.emit(stochasticDepth, y), x) : y
    }
}

extension SqueezeExcitation: ONNXExportable {
    public func exportONNX(_ x: ONNXValue, into graph: ONNXGraphBuilder) throws -> ONNXValue {
        let squeezed = graph.silu(try graph.emit(fc1, try graph.emit(avgpool, x)))
        return graph.mul(x, graph.sigmoid(try graph.emit(fc2, squeezed)))
    }
}

extension BasicBlock: ONNXExportable {
    public func exportONNX(_ x: ONNXValue, into graph: ONNXGraphBuilder) throws -> ONNXValue {
        let h = graph.relu(try graph.emit(bn1, try graph.emit(conv1, x)))
        let out = try graph.emit(bn2, try graph.emit(conv2, h))
        return graph.relu(graph.add(out, try downsample.map { try graph.emit($0, x) } ?? x))
    }
}

extension Bottleneck: ONNXExportable {
    public func exportONNX(_ x: ONNXValue, into graph: ONNXGraphBuilder) throws -> ONNXValue {
        var h = graph.relu(try graph.emit(bn1, try graph.emit(conv1, x)))
        h = graph.relu(try graph.emit(bn2, try graph.emit(conv2, h)))
        let out = try graph.emit(bn3, try graph.emit(conv3, h))
        return graph.relu(graph.add(out, try downsample.map { try graph.emit($0, x) } ?? x))
    }
}

extension LiteMBConv: ONNXExportable {
    public func exportONNX(_ x: ONNXValue, into graph: ONNXGraphBuilder) throws -> ONNXValue {
        var h = x
        if let expandConv, let bn0 { h = graph.clip(try graph.emit(bn0, try graph.emit(expandConv, h)), min: 0, max: 6) }
        h = graph.samePadded(h, kernelSize: kernelSize, stride: stride)
        h = graph.clip(try graph.emit(bn1, try graph.emit(depthwiseConv, h)), min: 0, max: 6)
        h = try graph.emit(bn2, try graph.emit(projectConv, h))
        return usesResidual ? graph.add(try graph.emit(dropConnect, h), x) : h
    }
}

extension EfficientNetLite: ONNXExportable {
    public func exportONNX(_ x: ONNXValue, into graph: ONNXGraphBuilder) throws -> ONNXValue {
        var h = graph.samePadded(x, kernelSize: 3, stride: 2)
        h = graph.clip(try graph.emit(bn0, try graph.emit(convStem, h)), min: 0, max: 6)
        for block in blocks { h = try graph.emit(block, h) }
        h = graph.clip(try graph.emit(bn1, try graph.emit(convHead, h)), min: 0, max: 6)
        h = try graph.emit(Flatten(), try graph.emit(avgpool, h))
        return try graph.emit(fc, try graph.emit(dropout, h))
    }
}

extension ONNXGraphBuilder {
    /// TensorFlow "same" padding for a k×k, stride-s convolution, from the traced input's size.
    func samePadded(_ x: ONNXValue, kernelSize: Int, stride: Int) -> ONNXValue {
        let h = sameConvolutionPadding(x.value.shape[2], kernelSize: kernelSize, stride: stride)
        let w = sameConvolutionPadding(x.value.shape[3], kernelSize: kernelSize, stride: stride)
        return pad(x, [(h.before, h.after), (w.before, w.after)])
    }
}
