import Tensors

/// Batch normalisation over the channel dimension 1 of `x` shaped `[N, C, ...]`
/// (`torch.nn.functional.batch_norm`).
///
/// In training (or without running statistics) each channel is normalised with the
/// batch's mean and biased variance, and the running statistics, when given, move
/// toward them: `running = (1 - momentum)·running + momentum·batch`, with the
/// *unbiased* batch variance for `runningVar`, as PyTorch does. In evaluation the
/// running statistics are used instead.
///
///     y = (x - mean) / √(var + eps) · weight + bias
///
/// One fused op with a hand-written backward (see PlaneNormalization.swift).
public func batchNorm(
    _ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor? = nil, bias: Tensor? = nil,
    training: Bool, momentum: Double = 0.1, eps: Double = 1e-5
) -> Tensor {
    ExerciseTwins.called("batchNorm", twinOf: ["M01-E10", "M02-E05"])
    precondition(x.rank >= 2, "batchNorm: expected input of shape [N, C, ...], got \(x.shape)")
    let channels = x.shape[1]
    for (name, t) in [("runningMean", runningMean), ("runningVar", runningVar), ("weight", weight), ("bias", bias)] {
        if let t { precondition(t.shape == [channels], "batchNorm: \(name) has shape \(t.shape), expected [\(channels)] for input \(x.shape)") }
    }
    let useBatch = training || runningMean == nil || runningVar == nil
    let count = x.count / Swift.max(1, x.shape[0] * channels) * x.shape[0]
    precondition(count > 1 || !training, "batchNorm: expected more than 1 value per channel when training, got input \(x.shape)")
    let fixed = useBatch ? nil : PlaneStatistics(mean: runningMean!.doubles, variance: runningVar!.doubles)
    let (y, statistics) = normalizePlanes(x, .perChannel, weight: weight, bias: bias, eps: eps, fixed: fixed, op: "batchNorm")
    if training, let runningMean, let runningVar {
        // running = (1 - momentum)·running + momentum·batch, with the unbiased variance.
        let unbiased = Double(count) / Double(count - 1)
        let mean = zip(runningMean.doubles, statistics.mean).map { (1 - momentum) * $0 + momentum * $1 }
        let variance = zip(runningVar.doubles, statistics.variance).map { (1 - momentum) * $0 + momentum * unbiased * $1 }
        runningMean.assign(Tensor(mean, shape: [channels], dtype: runningMean.dtype))
        runningVar.assign(Tensor(variance, shape: [channels], dtype: runningVar.dtype))
    }
    return y
}

/// Batch normalisation layer; `BatchNorm1d`, `BatchNorm2d` and `BatchNorm3d` fix the input rank.
///
/// Parameters `weight` (γ, ones) and `bias` (β, zeros); buffers `runningMean`,
/// `runningVar` and `numBatchesTracked`, named as in PyTorch's state dict.
open class BatchNorm: Module {
    public let weight: Tensor?
    public let bias: Tensor?
    @Buffer public var runningMean: Tensor
    @Buffer public var runningVar: Tensor
    @Buffer public var numBatchesTracked: Tensor
    public let momentum: Double
    public let eps: Double
    let allowedRanks: [Int]

    package init(_ numFeatures: Int, eps: Double, momentum: Double, affine: Bool, allowedRanks: [Int]) {
        precondition(numFeatures > 0, "BatchNorm: numFeatures must be positive, got \(numFeatures)")
        weight = affine ? Tensor.ones([numFeatures], requiresGrad: true) : nil
        bias = affine ? Tensor.zeros([numFeatures], requiresGrad: true) : nil
        runningMean = Tensor.zeros([numFeatures])
        runningVar = Tensor.ones([numFeatures])
        numBatchesTracked = Tensor.zeros([], dtype: .int64)
        self.momentum = momentum
        self.eps = eps
        self.allowedRanks = allowedRanks
    }

    public var numFeatures: Int { runningMean.count }

    open override func forward(_ x: Tensor) -> Tensor {
        precondition(
            allowedRanks.contains(x.rank),
            "\(typeName): expected \(allowedRanks.map { "\($0)-D" }.joined(separator: " or ")) input, got shape \(x.shape)")
        if isTraining { countBatch() }
        return batchNorm(
            x, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
            training: isTraining, momentum: momentum, eps: eps)
    }

    /// Adds one to `numBatchesTracked`, saturating at `Int.max` (a loaded checkpoint may hold any count).
    package func countBatch() {
        let tracked = numBatchesTracked.ints[0]
        numBatchesTracked.assign(Tensor(ints: [tracked == Int.max ? tracked : tracked + 1], shape: []))
    }

    open override var extraDescription: String { "\(numFeatures), eps: \(eps), momentum: \(momentum)" }
}

/// Batch norm over `[N, C]` or `[N, C, L]` (`torch.nn.BatchNorm1d`).
public final class BatchNorm1d: BatchNorm {
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true) {
        super.init(numFeatures, eps: eps, momentum: momentum, affine: affine, allowedRanks: [2, 3])
    }
}

/// Batch norm over `[N, C, H, W]` (`torch.nn.BatchNorm2d`).
public final class BatchNorm2d: BatchNorm {
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true) {
        super.init(numFeatures, eps: eps, momentum: momentum, affine: affine, allowedRanks: [4])
    }
}

/// Batch norm over `[N, C, D, H, W]` (`torch.nn.BatchNorm3d`).
public final class BatchNorm3d: BatchNorm {
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true) {
        super.init(numFeatures, eps: eps, momentum: momentum, affine: affine, allowedRanks: [5])
    }
}
