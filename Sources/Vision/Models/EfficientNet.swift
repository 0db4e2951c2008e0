import NN
import Tensors

/// EfficientNet-B0 (Tan & Le, 2019), as torchvision builds it: a 3×3 stem, seven
/// stages of MBConv blocks (inverted residuals with depthwise convolutions and
/// squeeze-and-excitation, SiLU activations), a 1×1 convolution to 1280 channels,
/// global average pooling and a dropout + linear classifier. 5,288,548 parameters at
/// 1000 classes; parameter names match torchvision's (`features.1.0.block.0.0.weight`, ...).
///
/// ```swift
/// let model = EfficientNet()                         // B0, 224×224 inputs
/// let small = EfficientNet(numClasses: 10)           // any input of at least 32×32
/// ```
public final class EfficientNet: Module, ImageClassifier {
    /// One stage: `layers` MBConv blocks; the first has the stride and the channel change.
    public struct Stage: Sendable {
        public let expandRatio: Int, kernelSize: Int, stride: Int, inChannels: Int, outChannels: Int, layers: Int
        public init(expandRatio: Int, kernelSize: Int, stride: Int, inChannels: Int, outChannels: Int, layers: Int) {
            (self.expandRatio, self.kernelSize, self.stride) = (expandRatio, kernelSize, stride)
            (self.inChannels, self.outChannels, self.layers) = (inChannels, outChannels, layers)
        }
    }

    /// The B0 network found by the paper's architecture search.
    public static let b0: [Stage] = [
        Stage(expandRatio: 1, kernelSize: 3, stride: 1, inChannels: 32, outChannels: 16, layers: 1),
        Stage(expandRatio: 6, kernelSize: 3, stride: 2, inChannels: 16, outChannels: 24, layers: 2),
        Stage(expandRatio: 6, kernelSize: 5, stride: 2, inChannels: 24, outChannels: 40, layers: 2),
        Stage(expandRatio: 6, kernelSize: 3, stride: 2, inChannels: 40, outChannels: 80, layers: 3),
        Stage(expandRatio: 6, kernelSize: 5, stride: 1, inChannels: 80, outChannels: 112, layers: 3),
        Stage(expandRatio: 6, kernelSize: 5, stride: 2, inChannels: 112, outChannels: 192, layers: 4),
        Stage(expandRatio: 6, kernelSize: 3, stride: 1, inChannels: 192, outChannels: 320, layers: 1),
    ]

    public let features: Sequential
    public let avgpool = AdaptiveAvgPool2d(1)
    public var classifier: Module

    /// - Parameter stochasticDepth: the largest probability of skipping a block's residual
    ///   branch in training, reached by the last block (it grows linearly from 0).
    public init(
        _ stages: [Stage] = EfficientNet.b0, numClasses: Int = 1000, inChannels: Int = 3,
        dropout: Double = 0.2, stochasticDepth: Double = 0.2
    ) {
        var layers: [Module] = [convNormActivation(inChannels, stages[0].inChannels, kernelSize: 3, stride: 2)]
        let totalBlocks = stages.reduce(0) { $0 + $1.layers }
        var blockIndex = 0
        for stage in stages {
            var blocks: [Module] = []
            for i in 0..<stage.layers {
                blocks.append(
                    MBConv(
                        i == 0 ? stage.inChannels : stage.outChannels, stage.outChannels, expandRatio: stage.expandRatio,
                        kernelSize: stage.kernelSize, stride: i == 0 ? stage.stride : 1,
                        stochasticDepth: stochasticDepth * Double(blockIndex) / Double(totalBlocks)))
                blockIndex += 1
            }
            layers.append(Sequential(blocks))
        }
        let last = stages[stages.count - 1].outChannels
        layers.append(convNormActivation(last, 4 * last, kernelSize: 1))
        features = Sequential(layers)
        let fc = Linear(4 * last, numClasses)
        classifier = Sequential {
            Dropout(dropout); fc
        }
        super.init()
        // torchvision: convolutions He-normal (fan-out), the classifier U(±1/√classes), biases zero.
        initializeConvolutionsForReLU()
        let bound = 1 / Double(numClasses).squareRoot()
        Init.uniform(fc.weight, low: -bound, high: bound)
        Init.zeros(fc.bias!)
    }

    public override func forward(_ x: Tensor) -> Tensor { classifier(avgpool(features(x)).flatten(startDim: 1)) }

    /// Everything before the classifier: [N, 1280].
    public var backbone: Module { Sequential([features, avgpool, Flatten()]) }
    public var head: Module { classifier }
}

/// Convolution (no bias, "same" padding), batch norm, then SiLU unless `activation` is false:
/// torchvision's `Conv2dNormActivation`, named `0`, `1`, `2` inside.
private func convNormActivation(
    _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, groups: Int = 1,
    activation: Bool = true
) -> Sequential {
    Sequential {
        Conv2d(
            inChannels, outChannels, kernelSize: SpatialSize(kernelSize), stride: SpatialSize(stride),
            padding: SpatialSize((kernelSize - 1) / 2), groups: groups, bias: false)
        BatchNorm2d(outChannels)
        if activation { SiLU() }
    }
}

/// The mobile inverted bottleneck (MobileNetV2, EfficientNet): a 1×1 convolution
/// widens the channels by `expandRatio`, a depthwise k×k convolution filters each
/// channel on its own, squeeze-and-excitation reweights the channels, and a 1×1
/// convolution projects back down (no activation: a linear bottleneck). When the
/// shape is unchanged the input is added back, through stochastic depth.
public final class MBConv: Module {
    public let block: Sequential
    public let stochasticDepth: StochasticDepth
    public let usesResidual: Bool

    public init(_ inChannels: Int, _ outChannels: Int, expandRatio: Int, kernelSize: Int, stride: Int, stochasticDepth: Double) {
        let expanded = inChannels * expandRatio
        var layers: [Module] = []
        if expanded != inChannels { layers.append(convNormActivation(inChannels, expanded, kernelSize: 1)) }
        layers.append(convNormActivation(expanded, expanded, kernelSize: kernelSize, stride: stride, groups: expanded))
        layers.append(SqueezeExcitation(expanded, squeezeChannels: max(1, inChannels / 4)))
        layers.append(convNormActivation(expanded, outChannels, kernelSize: 1, activation: false))
        block = Sequential(layers)
        self.stochasticDepth = StochasticDepth(stochasticDepth)
        usesResidual = stride == 1 && inChannels == outChannels
    }

    public override func forward(_ x: Tensor) -> Tensor {
        let out = block(x)
        return usesResidual ? stochasticDepth(out) + x : out
    }
}

/// Squeeze-and-excitation (Hu et al., 2018): pool each channel to one number, pass
/// the vector through a small bottleneck (two 1×1 convolutions, `fc1` and `fc2`) and
/// a sigmoid, and scale each channel of the input by its result.
public final class SqueezeExcitation: Module {
    public let avgpool = AdaptiveAvgPool2d(1)
    public let fc1: Conv2d, fc2: Conv2d

    public init(_ channels: Int, squeezeChannels: Int) {
        fc1 = Conv2d(channels, squeezeChannels, kernelSize: 1)
        fc2 = Conv2d(squeezeChannels, channels, kernelSize: 1)
    }

    public override func forward(_ x: Tensor) -> Tensor {
        x * fc2(fc1(avgpool(x)).silu()).sigmoid()
    }
}

/// Stochastic depth (Huang et al., 2016), "row" mode as torchvision's: in training,
/// the whole residual branch of each item is dropped with probability `p` and kept
/// ones are scaled by 1/(1-p); identity in evaluation.
public final class StochasticDepth: Module {
    public let p: Double

    public init(_ p: Double) {
        precondition(p >= 0 && p < 1, "StochasticDepth: probability must be in [0, 1), got \(p)")
        self.p = p
    }

    public override func forward(_ x: Tensor) -> Tensor {
        guard isTraining && p > 0 else { return x }
        let keep = Tensor.bernoulli([x.shape[0]] + Array(repeating: 1, count: x.rank - 1), p: 1 - p, dtype: x.dtype)
        return x * (keep / (1 - p))
    }

    public override var extraDescription: String { "p: \(p)" }
}
