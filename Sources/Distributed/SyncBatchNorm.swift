import NN
import Tensors

extension ProcessGroup {
    /// The sum of `x` over the ranks, recorded for autograd (`torch.distributed.nn.all_reduce`):
    /// its backward sums the gradients over the ranks too. A failed all-reduce, which cannot
    /// throw from inside a forward or backward pass, is kept and thrown by `throwDeferredError()`
    /// (`DistributedDataParallel` calls it after every step).
    public func differentiableSum(_ x: Tensor) -> Tensor {
        let out = Tensor.zeros(like: x)
        noGrad { out.assign(x) }
        deferring { try allReduce(out) }
        return out.recorded("allReduceSum", [x]) { [self] g, _ in
            let summed = Tensor.zeros(like: g)
            summed.assign(g)
            deferring { try allReduce(summed) }
            return [summed]
        }
    }
}

/// Batch normalisation whose statistics are the whole global batch's (`torch.nn.SyncBatchNorm`):
/// each training forward sums every channel's count, sum and squared deviations over the ranks,
/// and the backward pass sums their gradients likewise, so data-parallel training equals one
/// process normalising the whole batch. It costs two small all-reduces forward and two backward
/// per layer. Parameters and buffers are named as `BatchNorm`'s, so checkpoints move between the two.
/// In evaluation it uses the running statistics, as `BatchNorm`.
///
/// Use it in place of `BatchNorm1d/2d/3d` when the per-rank batches are small; with per-rank
/// statistics (plain `BatchNorm`), each rank normalises with its own share's statistics.
public final class SyncBatchNorm: BatchNorm {
    public let group: ProcessGroup

    public init(_ numFeatures: Int, group: ProcessGroup, eps: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true) {
        self.group = group
        super.init(numFeatures, eps: eps, momentum: momentum, affine: affine, allowedRanks: [2, 3, 4, 5])
    }

    public override func forward(_ x: Tensor) -> Tensor {
        let channels = runningMean.count
        precondition(x.rank >= 2 && x.shape[1] == channels, "SyncBatchNorm: expected input [N, \(channels), ...], got \(x.shape)")
        guard isTraining else {
            return batchNorm(x, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias, training: false, eps: eps)
        }
        let axes = [0] + Array(2..<x.rank)
        let perChannel = [1, channels] + Array(repeating: 1, count: x.rank - 2)
        var total = Double(x.count / channels)
        group.deferring { total = try group.allReduce([total])[0] }
        let mean = group.differentiableSum(x.sum(axes: axes, keepDims: true)) / total
        let centered = x - mean
        let variance = group.differentiableSum((centered * centered).sum(axes: axes, keepDims: true)) / total
        var y = centered / (variance + eps).sqrt()
        if let weight, let bias { y = y * weight.reshape(perChannel) + bias.reshape(perChannel) }
        countBatch()
        noGrad {
            runningMean.assign(runningMean * (1 - momentum) + mean.reshape([channels]) * momentum)
            runningVar.assign(runningVar * (1 - momentum) + variance.reshape([channels]) * (momentum * total / Swift.max(total - 1, 1)))
        }
        return y
    }

    public override var extraDescription: String { super.extraDescription + ", synchronised over \(group.worldSize) processes" }
}
