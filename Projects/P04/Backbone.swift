import DeepLearning
import Foundation

/// MobileNetV2's feature extractor at output stride 16, as DeepLab's mobile
/// configuration uses it: the last stride-2 stage (160 channels, `features.14`) keeps
/// the resolution and its later blocks dilate their depthwise filters by 2 instead, so
/// the 320-channel output is 1/16 of the input, not 1/32. Names are torchvision's
/// (`features.0` ... `features.17`; its 1280-channel `features.18` is left out), so
/// the ImageNet checkpoint loads into it.
final class DilatedMobileNetV2: Module {
    let features: Sequential
    /// `features.3`'s output: 24 channels at stride 4, the decoder's low-level features.
    static let lowLevelIndex = 3
    static let lowLevelChannels = 24, highLevelChannels = 320

    init(outputStride: Int = 16) {
        precondition([8, 16, 32].contains(outputStride), "DilatedMobileNetV2: output stride 8, 16 or 32, got \(outputStride)")
        var layers: [Module] = [
            Sequential {
                Conv2d(3, 32, kernelSize: 3, stride: 2, padding: 1, bias: false); BatchNorm2d(32); ReLU6()
            }
        ]
        var (channels, stride, dilation) = (32, 2, 1)
        for stage in MobileNetV2.stages {
            // Past the output stride a stage's stride becomes dilation: its first block keeps
            // the previous rate, the rest use the new one.
            var stageStride = stage.s
            let previousDilation = dilation
            if stride * stage.s > outputStride {
                dilation *= stage.s
                stageStride = 1
            } else {
                stride *= stage.s
            }
            for i in 0..<stage.n {
                layers.append(
                    InvertedResidual(
                        channels, stage.c, stride: i == 0 ? stageStride : 1, expandRatio: stage.t,
                        dilation: i == 0 ? previousDilation : dilation))
                channels = stage.c
            }
        }
        features = Sequential(layers)
        super.init()
        initializeConvolutionsForReLU()
    }

    /// (low-level features at stride 4, high-level features at the output stride).
    func extract(_ x: Tensor) -> (low: Tensor, high: Tensor) {
        var h = x, low = x
        for (i, layer) in features.layers.enumerated() {
            h = layer(h)
            if i == Self.lowLevelIndex { low = h }
        }
        return (low, h)
    }

    override func forward(_ x: Tensor) -> Tensor { extract(x).high }

    /// Loads torchvision's ImageNet weights (`mobilenet_v2-b0353104.pth`): every tensor
    /// of `features.0`–`features.17`; throws when one is missing.
    func loadImageNet(from url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw P04Error.missing(url.path, fix: "scripts/fetch-weights.sh")
        }
        let all = try PyTorchCheckpoint.read(from: url)
        let own = Set(stateDict().keys)
        let state = renamedForLibrary(all).filter { own.contains($0.key) }
        let missing = own.subtracting(state.keys)
        guard missing.isEmpty else { throw P04Error.badInput("\(url.path) lacks \(missing.sorted().prefix(3)) of MobileNetV2's features") }
        try loadStateDict(state)
    }
}
