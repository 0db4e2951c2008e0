import Tensors

/// Channel dropout (`torch.nn.functional.dropout2d` / `dropout3d`): in training, each
/// whole channel of each item of `x` [N, C, spatial...] is zeroed with probability `p`
/// and the kept channels are scaled by 1/(1-p). Neighbouring pixels of a feature map
/// are strongly correlated, so dropping single pixels regularises little; dropping
/// whole maps does. Identity when `training` is false or `p` is 0.
public func channelDropout(_ x: Tensor, p: Double = 0.5, training: Bool = true) -> Tensor {
    precondition(p >= 0 && p <= 1, "channelDropout: probability has to be between 0 and 1, but got \(p)")
    precondition(x.rank >= 3, "channelDropout: expected input [N, C, spatial...], got \(x.shape)")
    guard training && p > 0 else { return x }
    if p == 1 { return x * 0 }
    let maskShape = Array(x.shape.prefix(2)) + Array(repeating: 1, count: x.rank - 2)
    return x * (Tensor.bernoulli(maskShape, p: 1 - p, dtype: x.dtype) / (1 - p))
}

/// Channel dropout layer, active in training mode only; `Dropout2d` and `Dropout3d` fix the input rank.
public class ChannelDropout: Module {
    public let p: Double
    let inputRank: Int

    init(_ p: Double, inputRank: Int) {
        precondition(p >= 0 && p <= 1, "Dropout\(inputRank - 2)d: probability has to be between 0 and 1, but got \(p)")
        (self.p, self.inputRank) = (p, inputRank)
    }

    public override func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == inputRank, "\(typeName): expected \(inputRank)-D input [N, C, spatial...], got shape \(x.shape)")
        return channelDropout(x, p: p, training: isTraining)
    }

    public override var extraDescription: String { "p: \(p)" }
}

/// Zeroes whole channels of [N, C, H, W] in training (`torch.nn.Dropout2d`).
public final class Dropout2d: ChannelDropout {
    public init(_ p: Double = 0.5) { super.init(p, inputRank: 4) }
}

/// Zeroes whole channels of [N, C, D, H, W] in training (`torch.nn.Dropout3d`).
public final class Dropout3d: ChannelDropout {
    public init(_ p: Double = 0.5) { super.init(p, inputRank: 5) }
}
