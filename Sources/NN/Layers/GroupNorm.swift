import Tensors

/// Group normalisation (`torch.nn.functional.group_norm`): the channels of each item
/// of `x` [N, C, ...] are split into `numGroups` groups of consecutive channels, each
/// normalised with its own mean and biased variance, then scaled and shifted per channel.
/// Unlike batch norm it does not depend on the batch, so it works with batches of one.
///
///     y = (x - mean_group) / √(var_group + eps) · weight[c] + bias[c]
public func groupNorm(_ x: Tensor, numGroups: Int, weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5) -> Tensor {
    precondition(
        x.rank >= 2 && numGroups > 0 && x.shape[1] % numGroups == 0,
        "groupNorm: expected input [N, C, ...] with C divisible by numGroups \(numGroups), got \(x.shape)")
    return normalizePlanes(x, .perItem(groups: numGroups), weight: weight, bias: bias, eps: eps, op: "groupNorm").output
}

/// Instance normalisation (`torch.nn.functional.instance_norm` without running
/// statistics): every (item, channel) plane of `x` [N, C, ...] is normalised on its own,
/// as in style transfer and many segmentation networks. Group norm with one group per channel.
public func instanceNorm(_ x: Tensor, weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5) -> Tensor {
    precondition(x.rank >= 3, "instanceNorm: expected input [N, C, spatial...], got \(x.shape)")
    return normalizePlanes(x, .perItem(groups: x.shape[1]), weight: weight, bias: bias, eps: eps, op: "instanceNorm").output
}

/// Group normalisation layer (`torch.nn.GroupNorm(numGroups, numChannels)`): weight ones, bias zeros.
///
/// ```swift
/// let norm = GroupNorm(8, 64)              // 8 groups of 8 channels
/// let y = norm(Tensor.randn([2, 64, 16, 16]))
/// ```
public final class GroupNorm: Module {
    public let numGroups: Int
    public let weight: Tensor?
    public let bias: Tensor?
    public let eps: Double

    public init(_ numGroups: Int, _ numChannels: Int, eps: Double = 1e-5, affine: Bool = true) {
        precondition(
            numGroups > 0 && numChannels > 0 && numChannels % numGroups == 0,
            "GroupNorm: numChannels (\(numChannels)) must be a positive multiple of numGroups (\(numGroups))")
        self.numGroups = numGroups
        self.eps = eps
        weight = affine ? Tensor.ones([numChannels], requiresGrad: true) : nil
        bias = affine ? Tensor.zeros([numChannels], requiresGrad: true) : nil
    }

    public override func forward(_ x: Tensor) -> Tensor {
        groupNorm(x, numGroups: numGroups, weight: weight, bias: bias, eps: eps)
    }

    public override var extraDescription: String { "\(numGroups) groups, eps: \(eps)\(weight == nil ? ", no affine" : "")" }
}

/// Instance normalisation layer; `InstanceNorm1d`, `InstanceNorm2d` and `InstanceNorm3d` fix the input rank.
/// As in PyTorch, `affine` is off by default (then there are no parameters). Running
/// statistics (`track_running_stats`) are not supported: every input uses its own statistics.
public class InstanceNorm: Module {
    public let weight: Tensor?
    public let bias: Tensor?
    public let eps: Double
    let inputRank: Int

    init(_ numFeatures: Int, eps: Double, affine: Bool, inputRank: Int) {
        precondition(numFeatures > 0, "InstanceNorm: numFeatures must be positive, got \(numFeatures)")
        weight = affine ? Tensor.ones([numFeatures], requiresGrad: true) : nil
        bias = affine ? Tensor.zeros([numFeatures], requiresGrad: true) : nil
        self.eps = eps
        self.inputRank = inputRank
    }

    public override func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == inputRank, "\(typeName): expected \(inputRank)-D input [N, C, spatial...], got shape \(x.shape)")
        if let weight {
            precondition(x.shape[1] == weight.count, "\(typeName): expected \(weight.count) channels, got input \(x.shape)")
        }
        return instanceNorm(x, weight: weight, bias: bias, eps: eps)
    }

    public override var extraDescription: String { "eps: \(eps)\(weight == nil ? "" : ", affine")" }
}

/// Instance norm over `[N, C, L]` (`torch.nn.InstanceNorm1d`).
public final class InstanceNorm1d: InstanceNorm {
    public init(_ numFeatures: Int, eps: Double = 1e-5, affine: Bool = false) {
        super.init(numFeatures, eps: eps, affine: affine, inputRank: 3)
    }
}

/// Instance norm over `[N, C, H, W]` (`torch.nn.InstanceNorm2d`).
public final class InstanceNorm2d: InstanceNorm {
    public init(_ numFeatures: Int, eps: Double = 1e-5, affine: Bool = false) {
        super.init(numFeatures, eps: eps, affine: affine, inputRank: 4)
    }
}

/// Instance norm over `[N, C, D, H, W]` (`torch.nn.InstanceNorm3d`).
public final class InstanceNorm3d: InstanceNorm {
    public init(_ numFeatures: Int, eps: Double = 1e-5, affine: Bool = false) {
        super.init(numFeatures, eps: eps, affine: affine, inputRank: 5)
    }
}
