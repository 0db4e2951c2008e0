import DeepLearning

/// Two 3×3×3 convolutions, each followed by instance normalisation (a group per channel,
/// so it works for batches of one) and ReLU: the unit every level of the U-Net repeats.
final class ConvBlock3D: Module {
    let conv1: Conv3d, norm1: GroupNorm, conv2: Conv3d, norm2: GroupNorm

    init(_ inChannels: Int, _ outChannels: Int) {
        conv1 = Conv3d(inChannels, outChannels, kernelSize: 3, padding: 1, bias: false)
        norm1 = GroupNorm(outChannels, outChannels)
        conv2 = Conv3d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false)
        norm2 = GroupNorm(outChannels, outChannels)
    }

    override func forward(_ x: Tensor) -> Tensor { relu(norm2(conv2(relu(norm1(conv1(x)))))) }
}

/// A 3-D U-Net (Çiçek et al. 2016): an encoder that halves the grid with max pooling at
/// every level, a decoder that doubles it back with transposed convolutions, and skip
/// connections that concatenate each encoder level to the decoder level of the same size.
/// Input [N, 1, D, H, W] with D, H, W multiples of 2^(levels − 1); output [N, classes, D, H, W] logits.
final class UNet3D: Module {
    let encoders: [ConvBlock3D]
    let upsamplers: [ConvTranspose3d]
    let decoders: [ConvBlock3D]
    let head: Conv3d
    let widths: [Int]

    init(classes: Int = 2, widths: [Int] = [8, 16, 32]) {
        precondition(widths.count >= 2 && classes >= 2, "UNet3D: at least two levels and two classes")
        self.widths = widths
        encoders = widths.indices.map { ConvBlock3D($0 == 0 ? 1 : widths[$0 - 1], widths[$0]) }
        upsamplers = (1..<widths.count).reversed().map { ConvTranspose3d(widths[$0], widths[$0 - 1], kernelSize: 2, stride: 2) }
        decoders = (1..<widths.count).reversed().map { ConvBlock3D(2 * widths[$0 - 1], widths[$0 - 1]) }
        head = Conv3d(widths[0], classes, kernelSize: 1)
    }

    /// The patch sizes must be divisible by this.
    var divisor: Int { 1 << (widths.count - 1) }

    override func forward(_ x: Tensor) -> Tensor {
        var skips: [Tensor] = []
        var h = x
        for (level, encoder) in encoders.enumerated() {
            if level > 0 { h = maxPool3d(h, kernelSize: 2) }
            h = encoder(h)
            skips.append(h)
        }
        for (up, decoder) in zip(upsamplers, decoders) {
            skips.removeLast()
            h = decoder(concat([skips.last!, up(h)], axis: 1))
        }
        return head(h)
    }
}
