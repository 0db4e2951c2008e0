import FileIO
import Foundation
import Quantization

extension QuantizedModel {
    /// Writes the int8 model as a TFLite FlatBuffer with TFLite's int8 scheme: activations
    /// int8 with zero point z − 128 (the library's uint8 values less 128, the same reals),
    /// weights int8 per output channel, biases int32 at s_in·s_w. The model takes float32
    /// [N, C, H, W] images of `inputShape`, transposes and QUANTIZEs them, and returns the
    /// last layer's int8 output (scale and zero point in the output tensor): with LiteRT's
    /// reference kernels exactly `quantizedOutput(x).values` less 128.
    ///
    /// ```swift
    /// let int8 = try PostTrainingQuantizer.quantize(model, calibration: batches)
    /// try int8.exportTFLite(to: URL(fileURLWithPath: "model_int8.tflite"), inputShape: [1, 3, 224, 224])
    /// ```
    ///
    /// Convolutions must be plain or depthwise; a linear layer becomes a 1×1 CONV_2D. A model
    /// file from before output ranges were kept for the last layer throws `unsupportedOperation`.
    public func exportTFLite(to url: URL, inputShape: [Int]) throws {
        guard inputShape.count == 4, inputShape.allSatisfy({ $0 > 0 }) else {
            throw ONNXError.invalidGraph("TFLite int8: input shape \(inputShape) is not [N, C, H, W]")
        }
        var model = TFLiteModel()
        let x = model.tensor("input", inputShape, type: .float32)
        model.inputs = [x]
        let nhwc = TFLiteModel.nhwc(inputShape)
        let perm = model.tensor("nchw_to_nhwc", [4], int32: [0, 2, 3, 1])
        let transposed = model.op(Builtin.transpose, [x, perm], output: "input_nhwc", shape: nhwc)
        var current = Int8Value(index: 0, shape: nhwc, quantization: input)
        current.index = model.op(
            Builtin.quantize, [transposed], output: "input_int8", shape: nhwc, type: .int8,
            quantization: Int8Value.table(input))
        var counter = 0
        current = try model.emit(stages, current, &counter)
        model.outputs = [current.index]
        let data = FlatBufferWriter.serialize(root: model.root(), identifier: "TFL3")
        do { try AtomicFile.write(data, to: url) } catch {
            throw ONNXError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}

/// An int8 tensor being built: its index, channels-last shape and (uint8) quantization.
struct Int8Value {
    var index: Int, shape: [Int], quantization: AffineQuantization

    /// The per-tensor int8 quantization table of uint8 parameters (zero point less 128).
    static func table(_ q: AffineQuantization) -> FlatValue { perChannel([q.scale], zeroPoints: [Int(q.zeroPoint) - 128], dimension: 0) }

    /// TFLite's QuantizationParameters: scale, zero_point, quantized_dimension.
    static func perChannel(_ scales: [Float], zeroPoints: [Int], dimension: Int) -> FlatValue {
        let scaleBytes = scales.map(\.bitPattern).withUnsafeBytes { Data($0) }
        let zeroBytes = zeroPoints.map { Int64($0) }.withUnsafeBytes { Data($0) }
        return .table([
            nil, nil, .offset(.scalars(scaleBytes, width: 4, count: scales.count, alignment: 4)),
            .offset(.scalars(zeroBytes, width: 8, count: zeroPoints.count, alignment: 8)), nil, nil, .int32(Int32(dimension)),
        ])
    }
}

extension TFLiteModel {
    /// TFLite's fused activation for a clamp [low, high] in the output's uint8 units.
    static func fusedActivation(low: Int32, high: Int32, output: AffineQuantization) -> Int8 {
        high < 255 ? 3 : low == output.zeroPoint && low > 0 ? 1 : 0  // RELU6, RELU, NONE
    }

    /// Emits the operators of `stages` after `x`; `counter` numbers the tensors.
    mutating func emit(_ stages: [QuantizedStage], _ x: Int8Value, _ counter: inout Int) throws -> Int8Value {
        var current = x
        for stage in stages {
            counter += 1
            let name = "stage\(counter)"
            switch stage {
            case .convolution(let c):
                current = try convolution(c, current, name: name)
            case .linear(let l):
                guard current.shape.count == 2 else { throw ONNXError.unsupportedOperation("TFLite int8 linear layer on \(current.shape)") }
                let (n, features) = (current.shape[0], current.shape[1])
                let image = Int8Value(
                    index: reshape(current, to: [n, 1, 1, features], name: name + "_image"), shape: [n, 1, 1, features],
                    quantization: current.quantization)
                let conv = QuantizedConvolution(layer: l.layer, inChannels: features, kernel: [1, 1], stride: [1, 1], padding: [0, 0], groups: 1)
                let y = try convolution(conv, image, name: name + "_conv")
                current = Int8Value(index: reshape(y, to: [n, l.layer.rows], name: name), shape: [n, l.layer.rows], quantization: y.quantization)
            case .maxPool(let w):
                var input = current
                if w.padding.contains(where: { $0 != 0 }) {
                    // Padding never wins: pad with the smallest int8.
                    let s = input.shape, padded = [s[0], s[1] + 2 * w.padding[0], s[2] + 2 * w.padding[1], s[3]]
                    let paddings = tensor(name + "_pads", [4, 2], int32: [0, 0, w.padding[0], w.padding[0], w.padding[1], w.padding[1], 0, 0])
                    let low = tensor(name + "_low", [], type: .int8, raw: Data([0x80]), quantization: Int8Value.table(input.quantization))
                    input.index = op(
                        Builtin.padV2, [input.index, paddings, low], output: name + "_padded", shape: padded, type: .int8,
                        quantization: Int8Value.table(input.quantization))
                    input.shape = padded
                }
                let shape = [
                    input.shape[0], (input.shape[1] - w.kernel[0]) / w.stride[0] + 1, (input.shape[2] - w.kernel[1]) / w.stride[1] + 1,
                    input.shape[3],
                ]
                current.index = op(
                    Builtin.maxPool, [input.index], output: name, shape: shape,
                    options: (
                        .pool2d,
                        [
                            .int8(1), .int32(Int32(w.stride[1])), .int32(Int32(w.stride[0])), .int32(Int32(w.kernel[1])),
                            .int32(Int32(w.kernel[0])), .int8(0),
                        ]
                    ),
                    type: .int8, quantization: Int8Value.table(current.quantization))
                current.shape = shape
            case .globalAveragePool(let keepDims):
                guard current.shape.count == 4 else { throw ONNXError.unsupportedOperation("TFLite int8 average pooling of \(current.shape)") }
                let axes = tensor(name + "_axes", [2], int32: [1, 2])
                let shape = keepDims ? [current.shape[0], 1, 1, current.shape[3]] : [current.shape[0], current.shape[3]]
                current.index = op(
                    Builtin.mean, [current.index, axes], output: name, shape: shape, options: (.reducer, [.bool(keepDims)]),
                    type: .int8, quantization: Int8Value.table(current.quantization))
                current.shape = shape
            case .flatten:
                guard current.shape.count == 4 else { break }
                var input = current
                if current.shape[1] != 1 || current.shape[2] != 1 {  // back to [N, C, H, W] order before flattening
                    let perm = tensor(name + "_perm", [4], int32: [0, 3, 1, 2])
                    let s = current.shape
                    input.index = op(
                        Builtin.transpose, [current.index, perm], output: name + "_nchw", shape: [s[0], s[3], s[1], s[2]],
                        type: .int8, quantization: Int8Value.table(current.quantization))
                }
                let shape = [current.shape[0], current.shape.dropFirst().reduce(1, *)]
                current = Int8Value(index: reshape(input, to: shape, name: name), shape: shape, quantization: current.quantization)
            case .samePad(let kernel, let stride):
                guard current.shape.count == 4 else { throw ONNXError.unsupportedOperation("TFLite int8 padding of \(current.shape)") }
                let s = current.shape
                let ((top, bottom), (left, right)) = samePadding([s[0], s[3], s[1], s[2]], kernel: kernel, stride: stride)
                let paddings = tensor(name + "_pads", [4, 2], int32: [0, 0, top, bottom, left, right, 0, 0])
                let shape = [s[0], s[1] + top + bottom, s[2] + left + right, s[3]]
                current.index = op(
                    Builtin.pad, [current.index, paddings], output: name, shape: shape, type: .int8,
                    quantization: Int8Value.table(current.quantization))
                current.shape = shape
            case .relu:
                current.index = op(
                    Builtin.relu, [current.index], output: name, shape: current.shape, type: .int8,
                    quantization: Int8Value.table(current.quantization))
            case .residual(let body, let shortcut, let add):
                let a = try emit(body, current, &counter)
                let b = try emit(shortcut, current, &counter)
                guard a.shape == b.shape else { throw ONNXError.invalidGraph("TFLite int8: adding shapes \(a.shape) and \(b.shape)") }
                let activation = Self.fusedActivation(low: add.low, high: add.high, output: add.output)
                current = Int8Value(
                    index: op(
                        Builtin.add, [a.index, b.index], output: name, shape: a.shape, options: (.add, [.int8(activation)]),
                        type: .int8, quantization: Int8Value.table(add.output)),
                    shape: a.shape, quantization: add.output)
            }
        }
        return current
    }

    private mutating func reshape(_ x: Int8Value, to shape: [Int], name: String) -> Int {
        let target = tensor(name + "_shape", [shape.count], int32: shape)
        return op(Builtin.reshape, [x.index, target], output: name, shape: shape, type: .int8, quantization: Int8Value.table(x.quantization))
    }

    /// CONV_2D or DEPTHWISE_CONV_2D with per-channel int8 weights, int32 bias, explicit padding as PAD.
    private mutating func convolution(_ c: QuantizedConvolution, _ x: Int8Value, name: String) throws -> Int8Value {
        let l = c.layer
        guard let output = l.output else {
            throw ONNXError.unsupportedOperation("TFLite int8 layer without an output range (a model saved by an older version)")
        }
        guard x.shape.count == 4, x.shape[3] == c.inChannels else {
            throw ONNXError.invalidGraph("TFLite int8: convolution of \(c.inChannels) channels on \(x.shape)")
        }
        var input = x
        if c.padding.contains(where: { $0 != 0 }) {  // PAD fills with the zero point: the real 0
            let s = x.shape, padded = [s[0], s[1] + 2 * c.padding[0], s[2] + 2 * c.padding[1], s[3]]
            let paddings = tensor(name + "_pads", [4, 2], int32: [0, 0, c.padding[0], c.padding[0], c.padding[1], c.padding[1], 0, 0])
            input.index = op(
                Builtin.pad, [x.index, paddings], output: name + "_padded", shape: padded, type: .int8,
                quantization: Int8Value.table(x.quantization))
            input.shape = padded
        }
        let (kh, kw) = (c.kernel[0], c.kernel[1])
        let shape = [x.shape[0], (input.shape[1] - kh) / c.stride[0] + 1, (input.shape[2] - kw) / c.stride[1] + 1, l.rows]
        guard shape[1] > 0, shape[2] > 0 else { throw ONNXError.invalidGraph("TFLite int8: image \(x.shape) smaller than kernel \(c.kernel)") }
        let depthwise = c.groups == c.inChannels && l.rows == c.groups && c.groups > 1
        guard c.groups == 1 || depthwise else { throw ONNXError.unsupportedOperation("TFLite grouped convolution (\(c.groups) groups)") }
        // Library layout: row r, column (channel·kh + dy)·kw + dx. TFLite: [out, kh, kw, in], depthwise [1, kh, kw, channels].
        let perRow = l.depth / (kh * kw)
        var weights = [Int8](repeating: 0, count: l.rows * l.depth)
        for r in 0..<l.rows {
            for ch in 0..<perRow {
                for dy in 0..<kh {
                    for dx in 0..<kw {
                        let value = l.weights[r * l.paddedDepth + (ch * kh + dy) * kw + dx]
                        weights[depthwise ? (dy * kw + dx) * l.rows + r : ((r * kh + dy) * kw + dx) * perRow + ch] = value
                    }
                }
            }
        }
        let weightShape = depthwise ? [1, kh, kw, l.rows] : [l.rows, kh, kw, perRow]
        let weight = tensor(
            name + "_weight", weightShape, type: .int8, raw: weights.withUnsafeBytes { Data($0) },
            quantization: Int8Value.perChannel(
                l.weightScales, zeroPoints: Array(repeating: 0, count: l.rows),
                dimension: depthwise ? 3 : 0))
        let bias = tensor(
            name + "_bias", [l.rows], type: .int32, raw: l.bias.withUnsafeBytes { Data($0) },
            quantization: Int8Value.perChannel(
                l.weightScales.map { l.input.scale * $0 }, zeroPoints: Array(repeating: 0, count: l.rows),
                dimension: 0))
        let activation = Self.fusedActivation(low: l.low, high: l.high, output: output)
        let (sw, sh) = (Int32(c.stride[1]), Int32(c.stride[0]))
        let options: (Builtin.Options, [FlatField?]) =
            depthwise
            ? (.depthwiseConv2d, [.int8(1), .int32(sw), .int32(sh), .int32(1), .int8(activation), .int32(1), .int32(1)])
            : (.conv2d, [.int8(1), .int32(sw), .int32(sh), .int8(activation), .int32(1), .int32(1)])
        let index = op(
            depthwise ? Builtin.depthwiseConv2d : Builtin.conv2d, [input.index, weight, bias], output: name, shape: shape,
            options: options, type: .int8, quantization: Int8Value.table(output))
        return Int8Value(index: index, shape: shape, quantization: output)
    }
}
