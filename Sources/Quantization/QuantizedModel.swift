import FileIO
import Foundation
import NN
import Tensors

/// One step of an int8 network.
public indirect enum QuantizedStage: Codable, Equatable {
    case convolution(QuantizedConvolution)
    case linear(QuantizedLinear)
    case maxPool(PoolWindow)
    case globalAveragePool(keepDims: Bool)
    case flatten
    /// max(q, z): a ReLU in the input's own quantization.
    case relu
    /// TensorFlow's "same" padding, with the zero point (the real 0).
    case samePad(kernel: Int, stride: Int)
    case residual(body: [QuantizedStage], shortcut: [QuantizedStage], add: QuantizedAdd)
}

/// An int8 network: float images in, quantized with `input`, then integer kernels only;
/// a final linear layer (without activation) returns float logits from its int32 sums,
/// anything else is dequantized. `quantizedOutput` gives the integers an int8 runtime returns.
public final class QuantizedModel: Codable, Equatable {
    public static let format = "deep-learning-int8-v1"
    public let format: String
    public let input: AffineQuantization
    public let stages: [QuantizedStage]

    public init(input: AffineQuantization, stages: [QuantizedStage]) {
        (self.format, self.input, self.stages) = (QuantizedModel.format, input, stages)
    }

    /// Runs the model on float32 images.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        var q = QuantizedTensor(quantizing: x, with: input)
        for (i, stage) in stages.enumerated() {
            if i == stages.count - 1, case .linear(let l) = stage, l.layer.activation == .none { return try l.logits(q) }
            q = try QuantizedModel.run(stage, q)
        }
        return q.dequantized()
    }

    /// Every stage requantized, the last linear layer too (to its calibrated output range):
    /// the uint8 result an int8 runtime computes, e.g. the TFLite export (less 128, as int8).
    public func quantizedOutput(_ x: Tensor) throws -> QuantizedTensor {
        try stages.reduce(QuantizedTensor(quantizing: x, with: input)) { try QuantizedModel.run($1, $0) }
    }

    static func run(_ stage: QuantizedStage, _ x: QuantizedTensor) throws -> QuantizedTensor {
        switch stage {
        case .convolution(let c): return try c(x)
        case .linear(let l): return try l(x)
        case .maxPool(let window): return try maxPool(x, window)
        case .globalAveragePool(let keepDims): return try globalAveragePool(x, keepDims: keepDims)
        case .flatten:
            guard x.shape.count >= 2 else { throw QuantizationError.badInput("flatten needs a batch dimension, got \(x.shape)") }
            var y = x
            y.shape = [x.shape[0], x.values.count / Swift.max(x.shape[0], 1)]
            return y
        case .relu:
            var y = x
            let z = UInt8(x.quantization.zeroPoint)
            for i in y.values.indices where y.values[i] < z { y.values[i] = z }
            return y
        case .samePad(let kernel, let stride):
            return try samePad(x, kernel: kernel, stride: stride)
        case .residual(let body, let shortcut, let add):
            let a = try body.reduce(x) { try run($1, $0) }
            let b = try shortcut.reduce(x) { try run($1, $0) }
            return try add(a, b)
        }
    }

    /// Bytes of the weights and biases (int8 weights, int32 biases, one float scale per channel).
    public var parameterBytes: Int {
        func bytes(_ stages: [QuantizedStage]) -> Int {
            stages.reduce(0) { total, stage in
                switch stage {
                case .convolution(let c): return total + c.layer.rows * (c.layer.depth + 8)
                case .linear(let l): return total + l.layer.rows * (l.layer.depth + 8)
                case .residual(let body, let shortcut, _): return total + bytes(body) + bytes(shortcut)
                default: return total
                }
            }
        }
        return bytes(stages)
    }

    /// Writes the model as a binary property list, atomically.
    public func save(to url: URL) throws {
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        try AtomicFile.write(encoder.encode(self), to: url)
    }

    /// Reads a model written by `save`; a missing, corrupt or foreign file throws `QuantizationError.unreadableModel`.
    public static func load(from url: URL) throws -> QuantizedModel {
        let model: QuantizedModel
        do {
            model = try PropertyListDecoder().decode(QuantizedModel.self, from: Data(contentsOf: url))
        } catch {
            throw QuantizationError.unreadableModel(path: url.path, reason: "\(error)")
        }
        guard model.format == format else {
            throw QuantizationError.unreadableModel(path: url.path, reason: "format \(model.format), expected \(format)")
        }
        if let problem = problem(in: model.stages) {
            throw QuantizationError.unreadableModel(path: url.path, reason: problem)
        }
        return model
    }

    /// What would make a stored model fail at run time (a zero stride, a layer whose depth does
    /// not match its kernel), or nil. Quantization parameters are checked as they are decoded.
    static func problem(in stages: [QuantizedStage]) -> String? {
        func window(_ k: [Int], _ s: [Int], _ p: [Int]) -> Bool {
            k.count == 2 && s.count == 2 && p.count == 2 && k.allSatisfy { $0 >= 1 } && s.allSatisfy { $0 >= 1 } && p.allSatisfy { $0 >= 0 }
        }
        for stage in stages {
            switch stage {
            case .convolution(let c):
                guard window(c.kernel, c.stride, c.padding), c.groups >= 1, c.inChannels % c.groups == 0, c.layer.rows % c.groups == 0,
                    c.layer.depth == c.inChannels / c.groups * c.kernel.reduce(1, *)
                else { return "inconsistent convolution" }
            case .maxPool(let w):
                if !window(w.kernel, w.stride, w.padding) { return "bad pooling window \(w)" }
            case .residual(let body, let shortcut, _):
                if let p = problem(in: body) ?? problem(in: shortcut) { return p }
            case .samePad(let kernel, let stride):
                if !window([kernel, kernel], [stride, stride], [0, 0]) || kernel > 1 << 16 { return "bad padding window \(kernel), \(stride)" }
            case .linear, .globalAveragePool, .flatten, .relu:
                break
            }
        }
        return nil
    }

    public static func == (a: QuantizedModel, b: QuantizedModel) -> Bool {
        a.format == b.format && a.input == b.input && a.stages == b.stages
    }
}

// MARK: - Post-training quantization

/// The activation ranges calibration found: the input's and one per quantization point
/// (`runFloatStages`' numbering).
public struct Calibration {
    public let input: AffineQuantization
    public let points: [AffineQuantization]
}

/// Post-training static quantization: lower (fold BN, fuse ReLU), calibrate observers on
/// sample batches, convert to integer kernels.
public enum PostTrainingQuantizer {
    /// Runs the float stages over `batches` once, feeding one observer of each kind at every point.
    public static func calibrate(_ stages: [FloatStage], batches: [Tensor], observers kinds: [ObserverKind]) throws -> [ObserverKind: Calibration] {
        guard !batches.isEmpty, !kinds.isEmpty else { throw QuantizationError.noCalibrationData }
        let inputs = kinds.map { $0.make() }
        var points: [[Observer]] = []
        func feed(_ observers: [Observer], _ t: Tensor) {
            t.scalars.withUnsafeBufferPointer { v in observers.forEach { $0.observe(v) } }
        }
        for batch in batches {
            feed(inputs, batch)
            _ = runFloatStages(stages, batch) { i, y in
                while points.count <= i { points.append(kinds.map { $0.make() }) }
                feed(points[i], y)
            }
        }
        var result: [ObserverKind: Calibration] = [:]
        for (k, kind) in kinds.enumerated() {
            result[kind] = Calibration(input: inputs[k].quantization, points: points.map { $0[k].quantization })
        }
        return result
    }

    /// Converts calibrated float stages into an int8 model.
    public static func convert(_ stages: [FloatStage], calibration: Calibration) throws -> QuantizedModel {
        var counter = 0
        let (converted, _) = try convert(stages, input: calibration.input, calibration.points, &counter)
        return QuantizedModel(input: calibration.input, stages: converted)
    }

    /// Lowers, calibrates and converts `model` with one observer kind.
    public static func quantize(_ model: Module, calibration batches: [Tensor], observer: ObserverKind = .minMax) throws -> QuantizedModel {
        model.eval()
        let stages = try lowerForQuantization(model)
        let calibration = try calibrate(stages, batches: batches, observers: [observer])
        return try convert(stages, calibration: calibration[observer]!)
    }

    private static func convert(
        _ stages: [FloatStage], input: AffineQuantization, _ points: [AffineQuantization],
        _ counter: inout Int
    ) throws -> ([QuantizedStage], AffineQuantization) {
        var current = input
        var out: [QuantizedStage] = []
        func nextPoint() throws -> AffineQuantization {
            guard counter < points.count else { throw QuantizationError.badInput("calibration has \(points.count) points, the model more") }
            defer { counter += 1 }
            return points[counter]
        }
        for stage in stages {
            switch stage {
            case .convolution(let c):
                let shape = c.weight.shape
                let point = try nextPoint()
                let layer = QuantizedGEMMLayer(
                    weights: ChannelQuantizedWeights(quantizing: c.weight.scalars, channels: shape[0]),
                    bias: c.bias.scalars, input: current, output: point, activation: c.activation)
                out.append(
                    .convolution(
                        QuantizedConvolution(
                            layer: layer, inChannels: shape[1] * c.groups, kernel: [shape[2], shape[3]],
                            stride: c.stride, padding: c.padding, groups: c.groups)))
                current = point
            case .linear(let l):
                let point = try nextPoint()
                let layer = QuantizedGEMMLayer(
                    weights: ChannelQuantizedWeights(quantizing: l.weight.scalars, channels: l.weight.shape[0]),
                    bias: l.bias.scalars, input: current, output: point, activation: l.activation)
                out.append(.linear(QuantizedLinear(layer: layer)))
                current = point
            case .maxPool(let window): out.append(.maxPool(window))
            case .globalAveragePool(let keepDims): out.append(.globalAveragePool(keepDims: keepDims))
            case .flatten: out.append(.flatten)
            case .relu: out.append(.relu)
            case .samePad(let kernel, let stride): out.append(.samePad(kernel: kernel, stride: stride))
            case .residual(let body, let shortcut, let activation):
                let (qBody, a) = try convert(body, input: current, points, &counter)
                let (qShortcut, b) = try convert(shortcut, input: current, points, &counter)
                let point = try nextPoint()
                out.append(.residual(body: qBody, shortcut: qShortcut, add: QuantizedAdd(a: a, b: b, output: point, activation: activation)))
                current = point
            }
        }
        return (out, current)
    }

    /// The fraction of examples whose top-1 class two sets of logits [N, classes] agree on.
    public static func agreement(_ a: Tensor, _ b: Tensor) -> Double {
        precondition(a.shape == b.shape && a.rank == 2, "agreement: logits \(a.shape) and \(b.shape)")
        let (x, y) = (a.argmax(axis: 1).ints, b.argmax(axis: 1).ints)
        return Double(zip(x, y).filter { $0 == $1 }.count) / Double(max(x.count, 1))
    }
}
