import FileIO
import Foundation
import Quantization
import Tensors

extension QuantizedModel {
    /// Writes the int8 model as ONNX in QDQ form (opset 17), the form onnxruntime and other
    /// runtimes turn into integer kernels: every quantized value is a QuantizeLinear →
    /// DequantizeLinear pair with the library's scale and zero point (uint8), weights are int8
    /// initializers dequantized per output channel, biases int32 at s_in·s_w, and the float
    /// operators between the pairs (Conv, Gemm, Add, Relu/Clip, pooling) are those the int8
    /// kernels compute. The model takes float32 [N, C, H, W] images (or [N, features] for a model
    /// that starts with a linear layer; dynamic batch) and returns
    /// the last layer's output dequantized: what `quantizedOutput(x).dequantized()` gives, up to
    /// the runtime's own rounding (one step where it rounds a tie or a requantization the
    /// other way).
    ///
    /// ```swift
    /// let int8 = try PostTrainingQuantizer.quantize(model, calibration: batches)
    /// try int8.exportONNX(to: URL(fileURLWithPath: "model_int8.onnx"), inputShape: [1, 3, 224, 224])
    /// ```
    public func exportONNX(to url: URL, inputShape: [Int]) throws {
        guard [2, 4].contains(inputShape.count), inputShape.allSatisfy({ $0 > 0 }) else {
            throw ONNXError.invalidGraph("ONNX int8: input shape \(inputShape) is neither [N, C, H, W] nor [N, features]")
        }
        let graph = ONNXGraphBuilder()
        var current = QDQValue(name: "input", shape: inputShape, quantization: input)
        current.name = graph.quantizeDequantize("input", input, shape: inputShape)
        current = try graph.emit(stages, current)
        let data = try graph.model(
            input: "input", inputShape: inputShape, output: current.name, outputName: "output", outputShape: current.shape
        ).serializedData()
        do { try AtomicFile.write(data, to: url) } catch {
            throw ONNXError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}

/// A float value of the QDQ graph that holds quantized reals: its name, NCHW shape and quantization.
struct QDQValue {
    var name: String, shape: [Int], quantization: AffineQuantization
}

extension ONNXGraphBuilder {
    /// QuantizeLinear then DequantizeLinear with one uint8 scale and zero point: `name`'s values
    /// rounded onto the quantization's grid and clamped to it.
    func quantizeDequantize(_ name: String, _ q: AffineQuantization, shape: [Int]) -> String {
        let scale = constant(Tensor(Double(q.scale)), "scale")
        let zero = constant(raw: Data([UInt8(q.zeroPoint)]), type: .uint8, dims: [], "zero_point")
        let quantized = node("QuantizeLinear", [name, scale, zero], shape: shape)
        return node("DequantizeLinear", [quantized, scale, zero], shape: shape)
    }

    /// The operators of `stages` after `x`.
    func emit(_ stages: [QuantizedStage], _ x: QDQValue) throws -> QDQValue {
        typealias A = ONNXGraphBuilder
        var current = x
        for stage in stages {
            switch stage {
            case .convolution(let c):
                current = try convolution(c, current)
            case .linear(let l):
                guard current.shape.count == 2, current.shape[1] == l.layer.depth else {
                    throw ONNXError.invalidGraph("ONNX int8: linear layer of depth \(l.layer.depth) on \(current.shape)")
                }
                let shape = [current.shape[0], l.layer.rows]
                let (weight, bias) = weightsAndBias(l.layer, dims: [l.layer.rows, l.layer.depth])
                let product = node("Gemm", [current.name, weight, bias], [A.attribute("transB", int: 1)], shape: shape)
                current = try requantized(product, l.layer, shape: shape)
            case .maxPool(let w):
                let s = current.shape
                guard s.count == 4 else { throw ONNXError.unsupportedOperation("ONNX int8 max pooling of \(s)") }
                let shape = [
                    s[0], s[1], (s[2] + 2 * w.padding[0] - w.kernel[0]) / w.stride[0] + 1,
                    (s[3] + 2 * w.padding[1] - w.kernel[1]) / w.stride[1] + 1,
                ]
                // Pooling picks one of its inputs: still on the grid, no requantization.
                current.name = node(
                    "MaxPool", [current.name],
                    [
                        A.attribute("kernel_shape", ints: w.kernel), A.attribute("strides", ints: w.stride),
                        A.attribute("pads", ints: w.padding + w.padding),
                    ], shape: shape)
                current.shape = shape
            case .globalAveragePool(let keepDims):
                let s = current.shape
                guard s.count == 4 else { throw ONNXError.unsupportedOperation("ONNX int8 average pooling of \(s)") }
                let pooled = node("GlobalAveragePool", [current.name], shape: [s[0], s[1], 1, 1])
                current.shape = keepDims ? [s[0], s[1], 1, 1] : [s[0], s[1]]
                // The mean, rounded back onto the input's grid as the integer kernel does.
                let flat = keepDims ? pooled : node("Flatten", [pooled], [A.attribute("axis", int: 1)], shape: current.shape)
                current.name = quantizeDequantize(flat, current.quantization, shape: current.shape)
            case .flatten:
                guard current.shape.count > 2 else { break }
                current.shape = [current.shape[0], current.shape.dropFirst().reduce(1, *)]
                current.name = node("Flatten", [current.name], [A.attribute("axis", int: 1)], shape: current.shape)
            case .relu:
                current.name = node("Relu", [current.name], shape: current.shape)
            case .samePad(let kernel, let stride):
                let s = current.shape
                guard s.count == 4 else { throw ONNXError.unsupportedOperation("ONNX int8 padding of \(s)") }
                let ((top, bottom), (left, right)) = samePadding(s, kernel: kernel, stride: stride)
                let pads = constant(Tensor(ints: [0, 0, top, left, 0, 0, bottom, right]), "pads")
                current.shape = [s[0], s[1], s[2] + top + bottom, s[3] + left + right]
                current.name = node("Pad", [current.name, pads], shape: current.shape)  // zeros: the real 0, on every grid
            case .residual(let body, let shortcut, let add):
                let a = try emit(body, current)
                let b = try emit(shortcut, current)
                guard a.shape == b.shape else { throw ONNXError.invalidGraph("ONNX int8: adding shapes \(a.shape) and \(b.shape)") }
                let sum = clamped(node("Add", [a.name, b.name], shape: a.shape), low: add.low, high: add.high, add.output, shape: a.shape)
                current = QDQValue(name: quantizeDequantize(sum, add.output, shape: a.shape), shape: a.shape, quantization: add.output)
            }
        }
        return current
    }

    /// Conv with per-channel int8 weights and an int32 bias, then the layer's activation and output quantization.
    private func convolution(_ c: QuantizedConvolution, _ x: QDQValue) throws -> QDQValue {
        typealias A = ONNXGraphBuilder
        let l = c.layer
        guard x.shape.count == 4, x.shape[1] == c.inChannels else {
            throw ONNXError.invalidGraph("ONNX int8: convolution of \(c.inChannels) channels on \(x.shape)")
        }
        let shape = [
            x.shape[0], l.rows, (x.shape[2] + 2 * c.padding[0] - c.kernel[0]) / c.stride[0] + 1,
            (x.shape[3] + 2 * c.padding[1] - c.kernel[1]) / c.stride[1] + 1,
        ]
        guard shape[2] > 0, shape[3] > 0 else { throw ONNXError.invalidGraph("ONNX int8: image \(x.shape) smaller than kernel \(c.kernel)") }
        // The library's columns run (channel, dy, dx), ONNX's [out, in/groups, kh, kw] likewise.
        let (weight, bias) = weightsAndBias(l, dims: [l.rows, c.inChannels / c.groups] + c.kernel)
        let product = node(
            "Conv", [x.name, weight, bias],
            [
                A.attribute("kernel_shape", ints: c.kernel), A.attribute("strides", ints: c.stride),
                A.attribute("pads", ints: c.padding + c.padding), A.attribute("group", int: c.groups),
            ], shape: shape)
        return try requantized(product, l, shape: shape)
    }

    /// The layer's int8 weights and int32 bias as DequantizeLinear nodes (per output channel, axis 0).
    private func weightsAndBias(_ l: QuantizedGEMMLayer, dims: [Int]) -> (weight: String, bias: String) {
        let weights = (0..<l.rows).flatMap { r in l.weights[(r * l.paddedDepth)..<(r * l.paddedDepth + l.depth)] }
        let axis = [ONNXGraphBuilder.attribute("axis", int: 0)]
        let weight = node(
            "DequantizeLinear",
            [
                constant(raw: weights.withUnsafeBytes { Data($0) }, type: .int8, dims: dims, "weight"),
                constant(Tensor(l.weightScales), "weight_scale"),
                constant(raw: Data(count: l.rows), type: .int8, dims: [l.rows], "weight_zero_point"),
            ], axis, shape: dims)
        let bias = node(
            "DequantizeLinear",
            [
                constant(raw: l.bias.withUnsafeBytes { Data($0) }, type: .int32, dims: [l.rows], "bias"),
                constant(Tensor(l.weightScales.map { l.input.scale * $0 }), "bias_scale"),
                constant(raw: Data(count: 4 * l.rows), type: .int32, dims: [l.rows], "bias_zero_point"),
            ], axis, shape: [l.rows])
        return (weight, bias)
    }

    /// A layer's sums clamped by its activation and quantized to its output.
    private func requantized(_ sums: String, _ l: QuantizedGEMMLayer, shape: [Int]) throws -> QDQValue {
        guard let output = l.output else {
            throw ONNXError.unsupportedOperation("ONNX int8 layer without an output range (a model saved by an older version)")
        }
        let activated = clamped(sums, low: l.low, high: l.high, output, shape: shape)
        return QDQValue(name: quantizeDequantize(activated, output, shape: shape), shape: shape, quantization: output)
    }

    /// Relu or Clip for a clamp [low, high] given in `q`'s units (nothing for the full range):
    /// the bounds are on the grid, so clamping the reals then quantizing clamps the integers.
    private func clamped(_ x: String, low: Int32, high: Int32, _ q: AffineQuantization, shape: [Int]) -> String {
        guard low > 0 || high < 255 else { return x }
        if high == 255, low == q.zeroPoint { return node("Relu", [x], shape: shape) }
        let bounds = [low, high].map { constant(Tensor(Double(q.dequantize($0))), "clip") }
        return node("Clip", [x] + bounds, shape: shape)
    }
}
