import DeepLearning

/// DeepLabv3+ (Chen et al., 2018) on MobileNetV2: the encoder's ASPP sees the image at
/// 1/16; the decoder upsamples it ×4, joins 48 channels made from the stride-4 features
/// (edges the coarse map lost), refines with a 3×3 convolution and upsamples ×4 to the
/// input. The head follows the reference PyTorch implementation of the mobile
/// configuration (VainF/DeepLabV3Plus-Pytorch): bilinear with `align_corners=False`.
final class DeepLabV3Plus: Module, SegmentationModel {
    let backbone: DilatedMobileNetV2
    let aspp: ASPP
    /// 1×1 convolution of the low-level features to 48 channels.
    let lowLevel: Sequential
    /// 3×3 refinement of the joined features and the 1×1 classifier.
    let classifier: Sequential

    init(classes: Int = Cityscapes.trainClasses, outputStride: Int = 16) {
        backbone = DilatedMobileNetV2(outputStride: outputStride)
        let rates = outputStride == 8 ? [12, 24, 36] : [6, 12, 18]
        aspp = ASPP(inChannels: DilatedMobileNetV2.highLevelChannels, channels: 256, rates: rates)
        lowLevel = convBNReLU(DilatedMobileNetV2.lowLevelChannels, 48, kernelSize: 1)
        classifier = Sequential {
            Conv2d(256 + 48, 256, kernelSize: 3, padding: 1, bias: false); BatchNorm2d(256); ReLU()
            Conv2d(256, classes, kernelSize: 1)
        }
        super.init()
        for m in [aspp, lowLevel, classifier] as [Module] { m.initializeConvolutionsForReLU() }
    }

    override func forward(_ x: Tensor) -> Tensor {
        let (low, high) = backbone.extract(x)
        let lowSize = SpatialSize([low.shape[2], low.shape[3]])
        let context = upsample(aspp(high), size: lowSize, mode: .bilinear, alignCorners: false)
        let logits = classifier(concat([context, lowLevel(low)], axis: 1))
        return upsample(logits, size: SpatialSize([x.shape[2], x.shape[3]]), mode: .bilinear, alignCorners: false)
    }

    /// The pretrained part: trained with a smaller learning rate.
    var pretrainedParameters: [Tensor] { backbone.parameters() }
}

/// What `train`, `eval` and `predict` need of a network: logits [N, classes, H, W] for
/// images [N, 3, H, W].
protocol SegmentationModel: Module {
    var pretrainedParameters: [Tensor] { get }
}
