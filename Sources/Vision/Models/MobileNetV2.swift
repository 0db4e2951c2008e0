import NN
import Tensors

/// MobileNetV2 (Sandler et al., 2018), as torchvision builds it: a 3×3 stem, seventeen
/// inverted residual blocks (1×1 expansion, 3×3 depthwise, linear 1×1 projection, all
/// with batch norm and ReLU6), a 1×1 convolution to 1280 channels, global average
/// pooling and a dropout + linear classifier. 3,504,872 parameters at 1000 classes;
/// names match torchvision's (`features.1.conv.0.0.weight`, `classifier.1.bias`), so
/// `mobilenet_v2-b0353104.pth` loads as it is:
///
/// ```swift
/// let model = MobileNetV2()
/// try model.loadPyTorch(from: URL(fileURLWithPath: "mobilenet_v2-b0353104.pth"))
/// model.eval()
/// ```
public final class MobileNetV2: Module, ImageClassifier {
    /// (expansion t, output channels c, blocks n, first stride s) per stage, from the paper's Table 2.
    public static let stages: [(t: Int, c: Int, n: Int, s: Int)] = [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]

    public let features: Sequential
    public let avgpool = AdaptiveAvgPool2d(1)
    public let classifier: Sequential

    public init(numClasses: Int = 1000, inChannels: Int = 3, dropout: Double = 0.2) {
        var layers: [Module] = [convBNReLU6(inChannels, 32, kernelSize: 3, stride: 2)]
        var channels = 32
        for stage in Self.stages {
            for i in 0..<stage.n {
                layers.append(InvertedResidual(channels, stage.c, stride: i == 0 ? stage.s : 1, expandRatio: stage.t))
                channels = stage.c
            }
        }
        layers.append(convBNReLU6(channels, 1280, kernelSize: 1))
        features = Sequential(layers)
        let fc = Linear(1280, numClasses)
        classifier = Sequential {
            Dropout(dropout); fc
        }
        super.init()
        // torchvision: convolutions He-normal (fan-out), the classifier N(0, 0.01), biases zero.
        initializeConvolutionsForReLU()
        _ = Init.normal(fc.weight, mean: 0, std: 0.01)
        Init.zeros(fc.bias!)
    }

    public override func forward(_ x: Tensor) -> Tensor { classifier(avgpool(features(x)).flatten(startDim: 1)) }

    /// Everything before the classifier: [N, 1280].
    public var backbone: Module { Sequential([features, avgpool, Flatten()]) }
    public var head: Module { classifier }
}

/// MobileNetV2's block: expand with a 1×1 convolution (unless `expandRatio` is 1),
/// filter each channel with a 3×3 depthwise convolution, project linearly with a 1×1
/// convolution; the input is added back when the shape is unchanged. torchvision's
/// names: `conv.0`, `conv.1`, ... inside. A `dilation` above 1 spaces the depthwise
/// filter's taps (atrous convolution), as DeepLab uses it to keep the resolution.
public final class InvertedResidual: Module {
    public let conv: Sequential
    public let usesResidual: Bool

    public init(_ inChannels: Int, _ outChannels: Int, stride: Int, expandRatio: Int, dilation: Int = 1) {
        let hidden = inChannels * expandRatio
        var layers: [Module] = []
        if expandRatio != 1 { layers.append(convBNReLU6(inChannels, hidden, kernelSize: 1)) }
        layers.append(convBNReLU6(hidden, hidden, kernelSize: 3, stride: stride, groups: hidden, dilation: dilation))
        layers.append(Conv2d(hidden, outChannels, kernelSize: 1, bias: false))
        layers.append(BatchNorm2d(outChannels))
        conv = Sequential(layers)
        usesResidual = stride == 1 && inChannels == outChannels
    }

    public override func forward(_ x: Tensor) -> Tensor { usesResidual ? x + conv(x) : conv(x) }
}

/// Convolution ("same" padding, no bias), batch norm, ReLU6: torchvision's
/// `Conv2dNormActivation(..., activation_layer=nn.ReLU6)`.
private func convBNReLU6(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, groups: Int = 1, dilation: Int = 1) -> Sequential {
    Sequential {
        Conv2d(
            inChannels, outChannels, kernelSize: SpatialSize(kernelSize), stride: SpatialSize(stride),
            padding: SpatialSize(dilation * (kernelSize - 1) / 2), dilation: SpatialSize(dilation), groups: groups, bias: false)
        BatchNorm2d(outChannels)
        ReLU6()
    }
}
