import DeepLearning
import Foundation

// YOLO11 (ultralytics/cfg/models/11/yolo11.yaml): a backbone of strided convs and C3k2
// blocks ending in SPPF and C2PSA; a PAN neck that goes up (upsample, concatenate, C3k2)
// and back down (strided conv, concatenate, C3k2); a decoupled, anchor-free head on the
// three feature maps at strides 8, 16 and 32.
//
// One set of layer definitions serves five sizes: a scale multiplies every block's
// repeat count by `depth` and every channel count by `width` (capped at `maxChannels`,
// rounded up to a multiple of 8).

/// YOLO11's model scales n, s, m, l, x.
enum YOLOScale: String, CaseIterable, Sendable {
    case n, s, m, l, x

    /// (depth multiple, width multiple, max channels), from yolo11.yaml.
    var multipliers: (depth: Double, width: Double, maxChannels: Int) {
        switch self {
        case .n: return (0.50, 0.25, 1024)
        case .s: return (0.50, 0.50, 1024)
        case .m: return (0.50, 1.00, 512)
        case .l: return (1.00, 1.00, 512)
        case .x: return (1.00, 1.50, 512)
        }
    }

    /// Channels of a layer written for `channels` at full width: ceil(min(c, max)·width / 8)·8.
    func channels(_ channels: Int) -> Int {
        let (_, width, maxChannels) = multipliers
        return Int((Double(Swift.min(channels, maxChannels)) * width / 8).rounded(.up)) * 8
    }

    /// Repeats of a block written with `n` repeats: max(round(n·depth), 1) (Python's round).
    func repeats(_ n: Int) -> Int {
        n > 1 ? Swift.max(Int((Double(n) * multipliers.depth).rounded(.toNearestOrEven)), 1) : n
    }

    /// The larger scales always use C3k inner blocks in C3k2.
    var forcesC3k: Bool { self == .m || self == .l || self == .x }
}

/// The fixed projection of the distribution focal loss (`DFL`): a frozen 1×1 conv whose
/// weights are 0, 1, ..., bins−1, so softmax(logits)·weights is the expected distance.
final class DistributionProjection: Module {
    let conv: Conv2d

    init(bins: Int = 16) {
        conv = Conv2d(bins, 1, kernelSize: 1, bias: false)
        conv.weight.requiresGrad = false
        conv.weight.assign(Tensor((0..<bins).map(Double.init), shape: [1, bins, 1, 1], dtype: .float32))
    }

    var bins: Int { conv.weight.shape[1] }
    /// The bin values 0...bins−1.
    var values: [Float] { conv.weight.scalars }
}

/// YOLO11's decoupled head (`Detect`): per level, a box branch of two 3×3 convs and a
/// 1×1 conv to 4·16 distance-bin logits, and a class branch of two (depthwise 3×3,
/// pointwise 1×1) pairs and a 1×1 conv to one logit per class.
final class DetectHead: Module {
    let cv2: [Sequential]
    let cv3: [Sequential]
    let dfl: DistributionProjection
    let classes: Int
    let strides: [Int] = [8, 16, 32]

    init(classes: Int, inputChannels: [Int], bins: Int = 16) {
        self.classes = classes
        let boxWidth = Swift.max(16, inputChannels[0] / 4, 4 * bins)
        let classWidth = Swift.max(inputChannels[0], Swift.min(classes, 100))
        cv2 = inputChannels.map { c in
            Sequential([
                ConvBNSiLU(c, boxWidth, kernel: 3), ConvBNSiLU(boxWidth, boxWidth, kernel: 3),
                Conv2d(boxWidth, 4 * bins, kernelSize: 1),
            ])
        }
        cv3 = inputChannels.map { c in
            Sequential([
                Sequential([depthwiseConv(c, c, kernel: 3), ConvBNSiLU(c, classWidth)]),
                Sequential([depthwiseConv(classWidth, classWidth, kernel: 3), ConvBNSiLU(classWidth, classWidth)]),
                Conv2d(classWidth, classes, kernelSize: 1),
            ])
        }
        dfl = DistributionProjection(bins: bins)
    }

    /// ultralytics' `Detect.bias_init` for an image size: box logits start at 1, class logits
    /// at log(5 / classes / (size / stride)²), a prior of about five objects per image.
    func initializeBiases(imageSize: Int = 640) {
        for (level, stride) in strides.enumerated() {
            (cv2[level].layers[2] as! Conv2d).bias!.fill(1)
            let prior = Foundation.log(5 / Double(classes) / pow(Double(imageSize) / Double(stride), 2))
            (cv3[level].layers[2] as! Conv2d).bias!.fill(prior)
        }
    }

    /// Raw predictions [B, 4·bins + classes, A] for the anchors of all levels, level by level,
    /// each level's cells in row-major order.
    func predictions(_ features: [Tensor]) -> Tensor {
        let levels = features.indices.map { i -> Tensor in
            let y = concat([cv2[i](features[i]), cv3[i](features[i])], axis: 1)
            return y.reshape([y.shape[0], y.shape[1], -1])
        }
        return concat(levels, axis: 2)
    }
}

/// The YOLO11 detector at one scale.
///
/// ```swift
/// let model = YOLO11(scale: .n, classes: 80)
/// model.parameterCount                        // 2,624,080, as ultralytics reports
/// let raw = model(images)                     // [B, 64 + 80, 8400] for 640×640 images
/// ```
final class YOLO11: Module {
    let scale: YOLOScale
    let classes: Int
    // Backbone (yolo11.yaml layers 0-10).
    let stem: ConvBNSiLU, down1: ConvBNSiLU, stage1: C3k2
    let down2: ConvBNSiLU, stage2: C3k2
    let down3: ConvBNSiLU, stage3: C3k2
    let down4: ConvBNSiLU, stage4: C3k2
    let sppf: SPPF, psa: C2PSA
    // Neck (layers 11-22): top-down, then bottom-up.
    let topDown4: C3k2, topDown3: C3k2
    let bottomUpDown3: ConvBNSiLU, bottomUp4: C3k2
    let bottomUpDown4: ConvBNSiLU, bottomUp5: C3k2
    let detect: DetectHead

    init(scale: YOLOScale = .n, classes: Int = 80) {
        precondition(classes > 0, "YOLO11: classes must be positive, got \(classes)")
        self.scale = scale
        self.classes = classes
        let c = scale.channels, n = scale.repeats, big = scale.forcesC3k
        stem = ConvBNSiLU(3, c(64), kernel: 3, stride: 2)
        down1 = ConvBNSiLU(c(64), c(128), kernel: 3, stride: 2)
        stage1 = C3k2(c(128), c(256), n: n(2), c3k: big, expansion: 0.25)
        down2 = ConvBNSiLU(c(256), c(256), kernel: 3, stride: 2)
        stage2 = C3k2(c(256), c(512), n: n(2), c3k: big, expansion: 0.25)
        down3 = ConvBNSiLU(c(512), c(512), kernel: 3, stride: 2)
        stage3 = C3k2(c(512), c(512), n: n(2), c3k: true)
        down4 = ConvBNSiLU(c(512), c(1024), kernel: 3, stride: 2)
        stage4 = C3k2(c(1024), c(1024), n: n(2), c3k: true)
        sppf = SPPF(c(1024), c(1024), kernel: 5)
        psa = C2PSA(c(1024), n: n(2))
        topDown4 = C3k2(c(1024) + c(512), c(512), n: n(2), c3k: big)
        topDown3 = C3k2(c(512) + c(512), c(256), n: n(2), c3k: big)
        bottomUpDown3 = ConvBNSiLU(c(256), c(256), kernel: 3, stride: 2)
        bottomUp4 = C3k2(c(256) + c(512), c(512), n: n(2), c3k: big)
        bottomUpDown4 = ConvBNSiLU(c(512), c(512), kernel: 3, stride: 2)
        bottomUp5 = C3k2(c(512) + c(1024), c(1024), n: n(2), c3k: true)
        detect = DetectHead(classes: classes, inputChannels: [c(256), c(512), c(1024)])
        super.init()
        detect.initializeBiases()
    }

    /// The three feature maps the head reads: strides 8, 16, 32.
    func features(_ x: Tensor) -> [Tensor] {
        let p3 = stage2(down2(stage1(down1(stem(x)))))
        let p4 = stage3(down3(p3))
        let p5 = psa(sppf(stage4(down4(p4))))
        let up = { (t: Tensor) in upsample(t, scaleFactor: 2, mode: .nearest) }
        let n4 = topDown4(concat([up(p5), p4], axis: 1))
        let n3 = topDown3(concat([up(n4), p3], axis: 1))
        let m4 = bottomUp4(concat([bottomUpDown3(n3), n4], axis: 1))
        let m5 = bottomUp5(concat([bottomUpDown4(m4), p5], axis: 1))
        return [n3, m4, m5]
    }

    /// Raw predictions [B, 4·16 + classes, A]: distance-bin logits then class logits per anchor.
    override func forward(_ x: Tensor) -> Tensor {
        precondition(
            x.rank == 4 && x.shape[1] == 3 && x.shape[2] % 32 == 0 && x.shape[3] % 32 == 0,
            "YOLO11: expected images [B, 3, H, W] with H and W multiples of 32, got \(x.shape)")
        return detect.predictions(features(x))
    }

    var bins: Int { detect.dfl.bins }
    var strides: [Int] { detect.strides }
}
