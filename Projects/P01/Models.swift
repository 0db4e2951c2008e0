import DeepLearning
import FileIO
import Foundation

/// The grey input of every P01 model: x = (g − mean) / std, with the average of ImageNet's
/// three channel means and standard deviations (an EL image is one channel, not three).
enum GreyInput {
    static let mean: Float = 0.449, std: Float = 0.226
    static func normalized(_ pixels: [Float]) -> [Float] { pixels.map { ($0 - mean) / std } }
}

/// Adapts torchvision's ImageNet MobileNetV2 state dict to one input channel and a new head.
/// A grey image shown to the RGB network is g in all three channels, normalised per channel:
/// the stem computes Σ_c w_c (g − m_c)/s_c. With one input x = (g − m)/s, the filter
/// w′ = Σ_c w_c · s/s_c gives the same response up to δ_o = Σ_{c,k} w_{o,c,k} (m − m_c)/s_c per
/// output channel, which the stem's batch norm absorbs (running mean − δ): exact away from
/// the zero-padded border. The ImageNet classifier is dropped: the new head starts afresh.
func greyImageNetWeights(_ state: [String: Tensor]) throws -> [String: Tensor] {
    guard let stem = state["features.0.0.weight"], stem.shape.count == 4, stem.shape[1] == 3 else {
        throw P01Error.badInput("not a torchvision MobileNetV2 state dict (no RGB stem `features.0.0.weight`)")
    }
    guard let mean = state["features.0.1.runningMean"], mean.shape == [stem.shape[0]] else {
        throw P01Error.badInput("not a torchvision MobileNetV2 state dict (no stem batch norm `features.0.1.running_mean`)")
    }
    let channelMean: [Float] = [0.485, 0.456, 0.406], channelStd: [Float] = [0.229, 0.224, 0.225]
    let (out, k) = (stem.shape[0], stem.shape[2] * stem.shape[3])
    let w = stem.scalars
    var grey = [Float](repeating: 0, count: out * k)
    var shift = mean.scalars
    for o in 0..<out {
        for c in 0..<3 {
            for j in 0..<k {
                let wc = w[(o * 3 + c) * k + j]
                grey[o * k + j] += wc * GreyInput.std / channelStd[c]
                shift[o] -= wc * (GreyInput.mean - channelMean[c]) / channelStd[c]
            }
        }
    }
    var adapted = state.filter { !$0.key.hasPrefix("classifier.") }
    adapted["features.0.0.weight"] = Tensor(grey, shape: [out, 1, stem.shape[2], stem.shape[3]])
    adapted["features.0.1.runningMean"] = Tensor(shift, shape: [out])
    return adapted
}

/// The network kinds `train --model` knows.
enum ModelKind: String, Codable, CaseIterable {
    /// MobileNetV2 with ImageNet weights, grey-adapted; trained in stages.
    case transfer
    /// The same MobileNetV2 from random weights, trained end to end.
    case scratch
    /// A small plain CNN (conv-BN-ReLU blocks), trained end to end; int8-quantizable.
    case small
}

/// A small plain CNN: four conv-BN-ReLU-maxpool blocks (16, 32, 64, 128 channels),
/// global average pooling and a linear classifier. Every layer has an int8 kernel.
func smallCNN(classes: Int) -> Sequential {
    var layers: [Module] = []
    var channels = 1
    for width in [16, 32, 64, 128] {
        layers += [Conv2d(channels, width, kernelSize: 3, padding: 1, bias: false), BatchNorm2d(width), ReLU(), MaxPool2d(2)]
        channels = width
    }
    layers += [AdaptiveAvgPool2d(1), Flatten(), Linear(channels, classes)]
    return Sequential(layers)
}

/// A MobileNetV2 split in two for staged fine-tuning: `prefix` (the first `split` feature
/// layers, frozen, their outputs cached) and `suffix` (the rest, the pooling and the head).
struct SplitMobileNet {
    let model: MobileNetV2
    let split: Int

    var prefix: Sequential { Sequential(Array(model.features.layers[..<split])) }
    var trainableBlocks: [Module] { Array(model.features.layers[split...]) }
    var suffix: Sequential { Sequential(trainableBlocks + [model.avgpool, Flatten(), model.classifier]) }
    /// The pooled features' part of the suffix: [N, 1280].
    var embedding: Sequential { Sequential(trainableBlocks + [model.avgpool, Flatten()]) }
}

/// The number of feature layers that stay frozen while the last ones fine-tune: the stem and the
/// blocks up to the 96-channel stage (features.0–13); features.14–18 (the 160- and 320-channel
/// blocks and the 1×1 convolution to 1280) train, on the 14×14 maps the prefix leaves at 224 px.
let defaultSplit = 14

/// Builds the network that `kind` names for `task`, with ImageNet weights for `.transfer`.
func makeModel(_ kind: ModelKind, task: Task, weights: URL?) throws -> Module {
    switch kind {
    case .small: return smallCNN(classes: task.classes)
    case .scratch: return MobileNetV2(numClasses: task.classes, inChannels: 1)
    case .transfer:
        let model = MobileNetV2(numClasses: task.classes, inChannels: 1)
        guard let weights else { return model }
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw P01Error.missing(weights.path, fix: "scripts/fetch-weights.sh")
        }
        let state = try greyImageNetWeights(model.renamedForLibrary(PyTorchCheckpoint.read(from: weights)))
        try model.loadStateDict(state, strict: false)
        let missing = Set(model.stateDict().keys).subtracting(state.keys)
        guard missing.allSatisfy({ $0.hasPrefix("classifier.") }) else {
            throw P01Error.badInput("\(weights.path) lacks \(missing.sorted().prefix(3)) of MobileNetV2")
        }
        return model
    }
}

/// Where the ImageNet MobileNetV2 checkpoint is cached by scripts/fetch-weights.sh.
var imageNetWeightsURL: URL {
    courseCacheFolder.appendingPathComponent("weights/mobilenet_v2-b0353104.pth")
}
