import NN
import Tensors

/// ResNet (He et al., 2015), as torchvision builds it (v1.5: a bottleneck's stride
/// sits on its 3×3 convolution). A 7×7 stem and max pool, four stages of residual
/// blocks whose first block may halve the resolution and widen the channels (with a
/// 1×1 projection on the shortcut, `downsample`), global average pooling and `fc`.
/// Parameter names match torchvision's (`layer1.0.conv1.weight`, `layer2.0.downsample.0.weight`, `fc.bias`).
///
/// ```swift
/// let model = ResNet(.resnet50)                      // 25,557,032 parameters
/// let small = ResNet(.resnet18, numClasses: 10)      // any input of at least 32×32
/// ```
public final class ResNet: Module, ImageClassifier {
    /// The block type and the number of blocks in each of the four stages.
    public struct Configuration: Sendable {
        public let block: Block
        public let layers: [Int]
        public init(block: Block, layers: [Int]) {
            precondition(layers.count == 4, "ResNet: expected four stages, got \(layers)")
            (self.block, self.layers) = (block, layers)
        }

        public static let resnet18 = Configuration(block: .basic, layers: [2, 2, 2, 2])
        public static let resnet34 = Configuration(block: .basic, layers: [3, 4, 6, 3])
        public static let resnet50 = Configuration(block: .bottleneck, layers: [3, 4, 6, 3])
        public static let resnet101 = Configuration(block: .bottleneck, layers: [3, 4, 23, 3])
        public static let resnet152 = Configuration(block: .bottleneck, layers: [3, 8, 36, 3])
    }

    public enum Block: Sendable {
        /// Two 3×3 convolutions (ResNet-18/34).
        case basic
        /// 1×1 reduce, 3×3, 1×1 expand by 4 (ResNet-50 and deeper).
        case bottleneck

        /// How much wider a block's output is than its `planes`.
        public var expansion: Int { self == .basic ? 1 : 4 }

        func make(_ inplanes: Int, _ planes: Int, stride: Int, downsample: Sequential?) -> Module {
            switch self {
            case .basic: return BasicBlock(inplanes, planes, stride: stride, downsample: downsample)
            case .bottleneck: return Bottleneck(inplanes, planes, stride: stride, downsample: downsample)
            }
        }
    }

    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let relu = ReLU()
    public let maxpool = MaxPool2d(3, stride: 2, padding: 1)
    public let layer1: Sequential, layer2: Sequential, layer3: Sequential, layer4: Sequential
    public let avgpool = AdaptiveAvgPool2d(1)
    public var fc: Module

    public init(_ configuration: Configuration, numClasses: Int = 1000, inChannels: Int = 3) {
        conv1 = Conv2d(inChannels, 64, kernelSize: 7, stride: 2, padding: 3, bias: false)
        bn1 = BatchNorm2d(64)
        var inplanes = 64
        func stage(_ planes: Int, _ blocks: Int, stride: Int) -> Sequential {
            let block = configuration.block
            let out = planes * block.expansion
            let downsample =
                stride != 1 || inplanes != out
                ? Sequential {
                    Conv2d(inplanes, out, kernelSize: 1, stride: SpatialSize(stride), bias: false); BatchNorm2d(out)
                } : nil
            var layers = [block.make(inplanes, planes, stride: stride, downsample: downsample)]
            inplanes = out
            for _ in 1..<blocks { layers.append(block.make(inplanes, planes, stride: 1, downsample: nil)) }
            return Sequential(layers)
        }
        layer1 = stage(64, configuration.layers[0], stride: 1)
        layer2 = stage(128, configuration.layers[1], stride: 2)
        layer3 = stage(256, configuration.layers[2], stride: 2)
        layer4 = stage(512, configuration.layers[3], stride: 2)
        fc = Linear(512 * configuration.block.expansion, numClasses)
        super.init()
        initializeConvolutionsForReLU()
    }

    public override func forward(_ x: Tensor) -> Tensor { fc(backbone(x)) }

    /// Everything before `fc`: [N, 512] (ResNet-18/34) or [N, 2048].
    public var backbone: Module {
        Sequential([conv1, bn1, relu, maxpool, layer1, layer2, layer3, layer4, avgpool, Flatten()])
    }
    public var head: Module { fc }
}

/// 3×3 convolution, padding 1, no bias (a batch norm follows).
private func conv3x3(_ inChannels: Int, _ outChannels: Int, stride: Int = 1) -> Conv2d {
    Conv2d(inChannels, outChannels, kernelSize: 3, stride: SpatialSize(stride), padding: 1, bias: false)
}

/// 1×1 convolution, no bias.
private func conv1x1(_ inChannels: Int, _ outChannels: Int, stride: Int = 1) -> Conv2d {
    Conv2d(inChannels, outChannels, kernelSize: 1, stride: SpatialSize(stride), bias: false)
}

/// ResNet-18/34's block: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).
public final class BasicBlock: Module {
    public let conv1: Conv2d, bn1: BatchNorm2d
    public let conv2: Conv2d, bn2: BatchNorm2d
    /// Projects the shortcut when the block changes resolution or width.
    public let downsample: Sequential?

    public init(_ inplanes: Int, _ planes: Int, stride: Int = 1, downsample: Sequential? = nil) {
        (conv1, bn1) = (conv3x3(inplanes, planes, stride: stride), BatchNorm2d(planes))
        (conv2, bn2) = (conv3x3(planes, planes), BatchNorm2d(planes))
        self.downsample = downsample
    }

    public override func forward(_ x: Tensor) -> Tensor {
        let out = bn2(conv2(bn1(conv1(x)).relu()))
        return (out + (downsample.map { $0(x) } ?? x)).relu()
    }
}

/// ResNet-50's block: 1×1 down to `planes`, 3×3 (carrying the stride), 1×1 up to
/// 4·`planes`, plus the shortcut.
public final class Bottleneck: Module {
    public let conv1: Conv2d, bn1: BatchNorm2d
    public let conv2: Conv2d, bn2: BatchNorm2d
    public let conv3: Conv2d, bn3: BatchNorm2d
    public let downsample: Sequential?

    public init(_ inplanes: Int, _ planes: Int, stride: Int = 1, downsample: Sequential? = nil) {
        (conv1, bn1) = (conv1x1(inplanes, planes), BatchNorm2d(planes))
        (conv2, bn2) = (conv3x3(planes, planes, stride: stride), BatchNorm2d(planes))
        (conv3, bn3) = (conv1x1(planes, planes * 4), BatchNorm2d(planes * 4))
        self.downsample = downsample
    }

    public override func forward(_ x: Tensor) -> Tensor {
        var out = bn1(conv1(x)).relu()
        out = bn2(conv2(out)).relu()
        out = bn3(conv3(out))
        return (out + (downsample.map { $0(x) } ?? x)).relu()
    }
}
