import NN
import Tensors
import Vision

/// The clamp that follows a convolution or linear layer, fused into its requantization.
public enum Activation: Codable, Equatable, Sendable {
    case none, relu, relu6
}

/// A convolution with its batch norm folded in: weight [out, in/groups, kh, kw], bias [out].
public struct ConvolutionStage {
    public var weight: Tensor, bias: Tensor
    public var stride: [Int], padding: [Int], groups: Int
    public var activation: Activation
}

/// A fully connected layer: weight [out, in], bias [out].
public struct LinearStage {
    public var weight: Tensor, bias: Tensor
    public var activation: Activation
}

/// A max-pooling window (no dilation, floor mode).
public struct PoolWindow: Codable, Equatable, Sendable {
    public var kernel: [Int], stride: [Int], padding: [Int]
}

/// A float network rewritten into the steps the int8 path runs: batch norms folded into
/// the convolutions before them, ReLUs fused into the layer before them.
public indirect enum FloatStage {
    case convolution(ConvolutionStage)
    case linear(LinearStage)
    case maxPool(PoolWindow)
    /// Mean over the spatial dimensions: [N, C, H, W] → [N, C, 1, 1] (`keepDims`) or [N, C].
    case globalAveragePool(keepDims: Bool)
    case flatten
    case relu
    /// TensorFlow's "same" padding for a `kernel` × `kernel` window at `stride`, with zeros
    /// (EfficientNet-Lite: a stride-2 window pads one more pixel at the bottom and right).
    case samePad(kernel: Int, stride: Int)
    /// `body(x) + shortcut(x)` (an empty shortcut is the identity), then the activation.
    case residual(body: [FloatStage], shortcut: [FloatStage], activation: Activation)
}

/// A module that says how it lowers to stages; blocks outside this library (an inverted
/// residual, say) adopt it to become quantizable.
public protocol QuantizationLowerable {
    func quantizationStages() throws -> [FloatStage]
}

/// Lowers a model: Sequential containers and image classifiers (backbone then head) are
/// walked; Conv2d [+ BatchNorm2d] [+ ReLU or ReLU6], Linear [+ ReLU], MaxPool2d, global average
/// pooling, Flatten, ReLU, Dropout and Identity are understood; anything else throws.
public func lowerForQuantization(_ module: Module) throws -> [FloatStage] {
    if let lowerable = module as? QuantizationLowerable { return try lowerable.quantizationStages() }
    if let sequential = module as? Sequential { return try lowerSequence(sequential.layers) }
    if let classifier = module as? ImageClassifier {
        return try lowerSequence([classifier.backbone, classifier.head])
    }
    return try lowerSequence([module])
}

/// Lowers consecutive modules, fusing Conv2d-BatchNorm2d-ReLU (or ReLU6) and Linear-ReLU.
public func lowerSequence(_ modules: [Module]) throws -> [FloatStage] {
    var stages: [FloatStage] = []
    var i = 0
    func next<T>(_ type: T.Type) -> T? {
        guard i + 1 < modules.count, let m = modules[i + 1] as? T else { return nil }
        i += 1
        return m
    }
    while i < modules.count {
        let module = modules[i]
        switch module {
        case let conv as Conv2d:
            guard !conv.isTransposed, conv.dilation.allSatisfy({ $0 == 1 }) else {
                throw QuantizationError.unsupportedModule("Conv2d with dilation \(conv.dilation)")
            }
            var stage = ConvolutionStage(
                weight: conv.weight, bias: conv.bias ?? Tensor.zeros([conv.outChannels]),
                stride: conv.stride, padding: conv.padding, groups: conv.groups, activation: .none)
            if let bn = next(BatchNorm2d.self) { stage = fold(bn, into: stage) }
            if next(ReLU.self) != nil { stage.activation = .relu } else if next(ReLU6.self) != nil { stage.activation = .relu6 }
            stages.append(.convolution(stage))
        case let linear as Linear:
            let activation: Activation = next(ReLU.self) != nil ? .relu : .none
            stages.append(
                .linear(
                    LinearStage(
                        weight: linear.weight, bias: linear.bias ?? Tensor.zeros([linear.outFeatures]),
                        activation: activation)))
        case let pool as MaxPool2d:
            guard pool.dilation == 1, !pool.ceilMode else { throw QuantizationError.unsupportedModule("MaxPool2d with dilation or ceil mode") }
            let kernel = twice(pool.kernelSize)
            stages.append(.maxPool(PoolWindow(kernel: kernel, stride: pool.stride.map(twice) ?? kernel, padding: twice(pool.padding))))
        case let pool as AdaptiveAvgPool2d where pool.outputSize.values.allSatisfy({ $0 == 1 }):
            stages.append(.globalAveragePool(keepDims: true))
        case let pool as GlobalAvgPool:
            stages.append(.globalAveragePool(keepDims: pool.keepDims))
        case let flatten as Flatten where flatten.startDim == 1 && flatten.endDim == -1:
            stages.append(.flatten)
        case is ReLU:
            stages.append(.relu)
        case is Dropout, is Identity:
            break
        case is Sequential, is ImageClassifier, is QuantizationLowerable:
            stages += try lowerForQuantization(module)
        default:
            throw QuantizationError.unsupportedModule(String(describing: type(of: module)))
        }
        i += 1
    }
    return fuseTrailingReLUs(stages)
}

/// A ReLU right after a layer without activation (across container boundaries) joins that layer.
private func fuseTrailingReLUs(_ stages: [FloatStage]) -> [FloatStage] {
    var out: [FloatStage] = []
    for stage in stages {
        if case .relu = stage, let last = out.last {
            switch last {
            case .convolution(var c) where c.activation == .none: c.activation = .relu; out[out.count - 1] = .convolution(c); continue
            case .linear(var l) where l.activation == .none: l.activation = .relu; out[out.count - 1] = .linear(l); continue
            case .residual(let body, let shortcut, .none): out[out.count - 1] = .residual(body: body, shortcut: shortcut, activation: .relu); continue
            default: break
            }
        }
        out.append(stage)
    }
    return out
}

private func twice(_ size: SpatialSize) -> [Int] { size.values.count == 1 ? [size.values[0], size.values[0]] : size.values }

/// Folds an evaluation-mode batch norm into the convolution before it:
/// w' = w·γ/√(var + ε) per output channel, b' = (b − mean)·γ/√(var + ε) + β.
public func fold(_ bn: BatchNorm, into conv: ConvolutionStage) -> ConvolutionStage {
    let channels = bn.numFeatures
    precondition(conv.weight.shape[0] == channels, "fold: batch norm of \(channels) channels after a convolution of \(conv.weight.shape[0])")
    let mean = bn.runningMean.doubles, variance = bn.runningVar.doubles
    let gamma = bn.weight?.doubles ?? Array(repeating: 1, count: channels)
    let beta = bn.bias?.doubles ?? Array(repeating: 0, count: channels)
    let factor = (0..<channels).map { gamma[$0] / (variance[$0] + bn.eps).squareRoot() }
    var weight = conv.weight.doubles
    let per = weight.count / channels
    for c in 0..<channels { for j in 0..<per { weight[c * per + j] *= factor[c] } }
    let bias = zip(conv.bias.doubles, (0..<channels)).map { b, c in (b - mean[c]) * factor[c] + beta[c] }
    var folded = conv
    folded.weight = Tensor(weight, shape: conv.weight.shape, dtype: .float32)
    folded.bias = Tensor(bias, shape: [channels], dtype: .float32)
    return folded
}

extension BasicBlock: QuantizationLowerable {
    public func quantizationStages() throws -> [FloatStage] {
        [
            .residual(
                body: try lowerSequence([conv1, bn1, ReLU(), conv2, bn2]),
                shortcut: try downsample.map(lowerForQuantization) ?? [], activation: .relu)
        ]
    }
}

extension Bottleneck: QuantizationLowerable {
    public func quantizationStages() throws -> [FloatStage] {
        [
            .residual(
                body: try lowerSequence([conv1, bn1, ReLU(), conv2, bn2, ReLU(), conv3, bn3]),
                shortcut: try downsample.map(lowerForQuantization) ?? [], activation: .relu)
        ]
    }
}

extension InvertedResidual: QuantizationLowerable {
    /// Expand (Conv-BN-ReLU6), depthwise (Conv-BN-ReLU6), project (Conv-BN, linear); the
    /// input is added back (an identity shortcut, no activation) when the shape is kept.
    public func quantizationStages() throws -> [FloatStage] {
        let body = try lowerSequence(conv.layers)
        return usesResidual ? [.residual(body: body, shortcut: [], activation: .none)] : body
    }
}

extension LiteMBConv: QuantizationLowerable {
    /// Expand (Conv-BN-ReLU6), "same" padding, depthwise (Conv-BN-ReLU6), project (Conv-BN);
    /// the input added back when the shape is kept (drop-connect is the identity at inference).
    public func quantizationStages() throws -> [FloatStage] {
        let expand = try expandConv.map { try lowerSequence([$0, bn0!, ReLU6()]) } ?? []
        let body =
            try expand + [.samePad(kernel: kernelSize, stride: stride)]
            + lowerSequence([depthwiseConv, bn1, ReLU6(), projectConv, bn2])
        return usesResidual ? [.residual(body: body, shortcut: [], activation: .none)] : body
    }
}

extension EfficientNetLite: QuantizationLowerable {
    /// Stem ("same" padding, Conv-BN-ReLU6), the blocks, head Conv-BN-ReLU6, average pool, linear.
    public func quantizationStages() throws -> [FloatStage] {
        try [.samePad(kernel: 3, stride: 2)] + lowerSequence([convStem, bn0, ReLU6()]) + blocks.flatMap { try $0.quantizationStages() }
            + lowerSequence([convHead, bn1, ReLU6(), avgpool, Flatten(), fc])
    }
}

/// The (before, after) padding of the height and width of an [N, C, H, W] shape for TensorFlow's "same" window.
public func samePadding(_ shape: [Int], kernel: Int, stride: Int) -> (height: (Int, Int), width: (Int, Int)) {
    let h = sameConvolutionPadding(shape[2], kernelSize: kernel, stride: stride)
    let w = sameConvolutionPadding(shape[3], kernelSize: kernel, stride: stride)
    return ((h.before, h.after), (w.before, w.after))
}

// MARK: - Running the float stages (the fused float model, and calibration)

/// Runs float stages; `observe(i, y)` sees every quantization point's output in a fixed
/// pre-order (the numbering `QuantizedModel` uses for its parameters).
public func runFloatStages(_ stages: [FloatStage], _ x: Tensor, observe: ((Int, Tensor) -> Void)? = nil) -> Tensor {
    var counter = 0
    return noGrad { runStages(stages, x, &counter, observe) }
}

private func activate(_ y: Tensor, _ activation: Activation) -> Tensor {
    switch activation {
    case .none: return y
    case .relu: return y.relu()
    case .relu6: return y.clamp(min: 0, max: 6)
    }
}

private func runStages(_ stages: [FloatStage], _ x: Tensor, _ counter: inout Int, _ observe: ((Int, Tensor) -> Void)?) -> Tensor {
    var y = x
    for stage in stages {
        switch stage {
        case .convolution(let c):
            y = activate(conv2d(y, c.weight, bias: c.bias, stride: SpatialSize(c.stride), padding: SpatialSize(c.padding), groups: c.groups), c.activation)
            observe?(counter, y); counter += 1
        case .linear(let l):
            y = activate(linear(y, l.weight, l.bias), l.activation)
            observe?(counter, y); counter += 1
        case .maxPool(let w):
            y = maxPool2d(y, kernelSize: SpatialSize(w.kernel), stride: SpatialSize(w.stride), padding: SpatialSize(w.padding))
        case .globalAveragePool(let keepDims):
            y = globalAvgPool(y, keepDims: keepDims)
        case .flatten:
            y = y.flatten(startDim: 1)
        case .relu:
            y = y.relu()
        case .samePad(let kernel, let stride):
            let (h, w) = samePadding(y.shape, kernel: kernel, stride: stride)
            y = y.pad([(0, 0), (0, 0), h, w])
        case .residual(let body, let shortcut, let activation):
            let a = runStages(body, y, &counter, observe)
            let b = runStages(shortcut, y, &counter, observe)
            y = activate(a + b, activation)
            observe?(counter, y); counter += 1
        }
    }
    return y
}
