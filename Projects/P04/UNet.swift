import DeepLearning

/// U-Net (Ronneberger et al., 2015) as in lesson M02, scaled up: four levels that halve
/// the resolution, a bottleneck at 1/16, and a decoder that doubles it back, joining
/// each encoder level's features (skip connections) so fine detail survives.
///
///     enc(w) ──────────────────────────────────────── concat → dec(w) → 1×1 → classes
///       └ enc(2w) ─────────────────────────── concat → dec(2w) ┘
///           └ enc(4w) ─────────────── concat → dec(4w) ┘
///               └ enc(8w) ─── concat → dec(8w) ┘
///                   └ bottleneck(16w) ┘
final class UNet: Module, SegmentationModel {
    let encoders: [Module], bottleneck: Sequential
    let ups: [Module], decoders: [Module]
    let head: Conv2d

    init(inChannels: Int = 3, classes: Int = Cityscapes.trainClasses, width: Int = 16, levels: Int = 4) {
        let widths = (0..<levels).map { width << $0 }
        encoders = widths.enumerated().map { i, w in doubleConv(i == 0 ? inChannels : widths[i - 1], w) }
        bottleneck = doubleConv(widths.last!, 2 * widths.last!)
        ups = widths.map { ConvTranspose2d(2 * $0, $0, kernelSize: 2, stride: 2) }.reversed()
        decoders = widths.map { doubleConv(2 * $0, $0) }.reversed()
        head = Conv2d(width, classes, kernelSize: 1)
        super.init()
        initializeConvolutionsForReLU()
    }

    override func forward(_ x: Tensor) -> Tensor {
        var skips: [Tensor] = [], h = x
        for encoder in encoders {
            h = encoder(h)
            skips.append(h)
            h = maxPool2d(h, kernelSize: 2)
        }
        h = bottleneck(h)
        for (i, (up, decoder)) in zip(ups, decoders).enumerated() {
            h = decoder(concat([up(h), skips[skips.count - 1 - i]], axis: 1))
        }
        return head(h)
    }

    var pretrainedParameters: [Tensor] { [] }
}

/// Two 3×3 convolutions with batch norm and ReLU: U-Net's basic unit.
func doubleConv(_ inChannels: Int, _ outChannels: Int) -> Sequential {
    Sequential {
        Conv2d(inChannels, outChannels, kernelSize: 3, padding: 1, bias: false); BatchNorm2d(outChannels); ReLU()
        Conv2d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false); BatchNorm2d(outChannels); ReLU()
    }
}
