import DeepLearning

/// Atrous spatial pyramid pooling (DeepLabv3, Chen et al. 2017): the same features seen
/// through a 1×1 convolution, three 3×3 convolutions with holes (rates 6, 12, 18: the
/// same nine weights spread over 13, 25 and 37 pixels), and the whole image's average,
/// concatenated and projected back to `channels` with dropout.
///
///     x ─┬─ 1×1 ────────────────┐
///        ├─ 3×3, rate 6 ────────┤
///        ├─ 3×3, rate 12 ───────┼─ concat → 1×1 → BN → ReLU → dropout 0.1
///        ├─ 3×3, rate 18 ───────┤
///        └─ pool → 1×1 → upsample ┘
final class ASPP: Module {
    let branches: [Module]
    /// The image-pooling branch after the global average: 1×1 convolution, BN, ReLU.
    let pooling: Sequential
    let project: Sequential

    init(inChannels: Int, channels: Int = 256, rates: [Int] = [6, 12, 18], dropout: Double = 0.1) {
        branches =
            [convBNReLU(inChannels, channels, kernelSize: 1)]
            + rates.map { convBNReLU(inChannels, channels, kernelSize: 3, dilation: $0) }
        pooling = convBNReLU(inChannels, channels, kernelSize: 1)
        project = Sequential {
            Conv2d((rates.count + 2) * channels, channels, kernelSize: 1, bias: false); BatchNorm2d(channels); ReLU()
            Dropout(dropout)
        }
    }

    override func forward(_ x: Tensor) -> Tensor {
        project(pyramid(x, branches: branches, pooling: pooling))
    }
}

/// The pyramid's concatenation: every branch on `x`, and `pooling` on x's global
/// average, stretched back to x's height and width (bilinear from one pixel: a constant).
func pyramid(_ x: Tensor, branches: [Module], pooling: Module) -> Tensor {
    ExerciseTwins.called("pyramid", twinOf: ["P04-E03"])
    let (height, width) = (x.shape[2], x.shape[3])
    let imageLevel = pooling(x.mean(axes: [2, 3], keepDims: true))  // [N, channels, 1, 1]
    var parts = branches.map { branch in branch(x) }
    parts.append(upsample(imageLevel, size: SpatialSize([height, width]), mode: .bilinear, alignCorners: false))
    return concat(parts, axis: 1)
}

/// Convolution ("same" padding, no bias), batch norm, ReLU.
func convBNReLU(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, dilation: Int = 1) -> Sequential {
    Sequential {
        Conv2d(
            inChannels, outChannels, kernelSize: SpatialSize(kernelSize), padding: SpatialSize(dilation * (kernelSize - 1) / 2),
            dilation: SpatialSize(dilation), bias: false)
        BatchNorm2d(outChannels)
        ReLU()
    }
}
