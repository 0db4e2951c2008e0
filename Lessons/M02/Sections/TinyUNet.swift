import DeepLearning

/// Two 3×3 convolutions with batch norm and ReLU: U-Net's basic unit.
func doubleConv(_ inChannels: Int, _ outChannels: Int) -> Sequential {
    Sequential {
        Conv2d(inChannels, outChannels, kernelSize: 3, padding: 1, bias: false); BatchNorm2d(outChannels); ReLU()
        Conv2d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false); BatchNorm2d(outChannels); ReLU()
    }
}

/// A two-level U-Net (Ronneberger et al., 2015) for small pictures: an encoder that
/// halves the resolution twice, a decoder that doubles it back with transposed
/// convolutions, and skip connections that concatenate each encoder level's features
/// to the decoder's at the same resolution, so fine detail survives the bottleneck.
///
///     x → enc1 ─────────────────────────────┐ concat → dec1 → 1×1 conv → classes
///           └ pool → enc2 ──────────┐ concat → dec2 ┘ (up ×2)
///                     └ pool → bottleneck ┘ (up ×2)
final class TinyUNet: Module {
    let enc1: Sequential, enc2: Sequential, bottleneck: Sequential
    let up2: ConvTranspose2d, dec2: Sequential
    let up1: ConvTranspose2d, dec1: Sequential
    let head: Conv2d

    init(inChannels: Int = 1, classes: Int, width: Int = 16) {
        enc1 = doubleConv(inChannels, width)
        enc2 = doubleConv(width, 2 * width)
        bottleneck = doubleConv(2 * width, 4 * width)
        up2 = ConvTranspose2d(4 * width, 2 * width, kernelSize: 2, stride: 2)
        dec2 = doubleConv(4 * width, 2 * width)
        up1 = ConvTranspose2d(2 * width, width, kernelSize: 2, stride: 2)
        dec1 = doubleConv(2 * width, width)
        head = Conv2d(width, classes, kernelSize: 1)
    }

    override func forward(_ x: Tensor) -> Tensor {
        let e1 = enc1(x)  // [N, w, H, W]
        let e2 = enc2(maxPool2d(e1, kernelSize: 2))  // [N, 2w, H/2, W/2]
        let b = bottleneck(maxPool2d(e2, kernelSize: 2))  // [N, 4w, H/4, W/4]
        let d2 = dec2(concat([up2(b), e2], axis: 1))  // [N, 2w, H/2, W/2]
        let d1 = dec1(concat([up1(d2), e1], axis: 1))  // [N, w, H, W]
        return head(d1)  // [N, classes, H, W]
    }
}
