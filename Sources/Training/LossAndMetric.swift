import Tensors

/// A loss for `fit` and `evaluate`: `loss: .crossEntropy`, `.mse`, or your own.
/// Each turns a batch of model outputs and targets into a scalar to minimise.
/// (The named ones are computed properties: a closure is not `Sendable`, so a shared
/// constant holding one would not be safe to read from several tasks.)
public struct Loss {
    public let name: String
    public let compute: (_ output: Tensor, _ target: Tensor) -> Tensor

    public init(_ name: String, _ compute: @escaping (_ output: Tensor, _ target: Tensor) -> Tensor) {
        (self.name, self.compute) = (name, compute)
    }

    /// Logits `[N, C]` against int64 class indices `[N]`.
    public static var crossEntropy: Loss { Loss("crossEntropy") { NN.crossEntropy($0, $1) } }
    public static func crossEntropy(labelSmoothing: Double = 0, ignoreIndex: Int = -100, weight: Tensor? = nil) -> Loss {
        Loss("crossEntropy") { NN.crossEntropy($0, $1, weight: weight, ignoreIndex: ignoreIndex, labelSmoothing: labelSmoothing) }
    }
    /// Log-probabilities against class indices.
    public static var nll: Loss { Loss("nll") { nllLoss($0, $1) } }
    /// Mean squared error; a target with the output's element count is reshaped to it (`[N]` for `[N, 1]`).
    public static var mse: Loss { Loss("mse") { mseLoss($0, $1.matching($0)) } }
    /// Mean absolute error.
    public static var l1: Loss { Loss("l1") { l1Loss($0, $1.matching($0)) } }
    /// Binary cross-entropy on logits, targets 0/1.
    public static var binaryCrossEntropyWithLogits: Loss {
        Loss("binaryCrossEntropyWithLogits") { NN.binaryCrossEntropyWithLogits($0, $1.matching($0)) }
    }
}

/// A metric for `fit` and `evaluate`, averaged over examples: each batch gives
/// the sum of its per-example values and its example count.
public struct Metric {
    public let name: String
    public let compute: (_ output: Tensor, _ target: Tensor) -> (total: Double, count: Int)

    public init(_ name: String, _ compute: @escaping (_ output: Tensor, _ target: Tensor) -> (total: Double, count: Int)) {
        (self.name, self.compute) = (name, compute)
    }

    /// Fraction of correct predictions: argmax over classes for logits `[N, C]` (or `[N, C, ...]`),
    /// or logit > 0 for binary outputs shaped like the targets (or `[N, 1]`).
    public static var accuracy: Metric {
        Metric("accuracy") { output, target in
            let (correct, count) = countCorrect(output, target)
            return (Double(correct), count)
        }
    }

    /// Mean absolute error between outputs and targets.
    public static var meanAbsoluteError: Metric {
        Metric("mae") { output, target in
            precondition(output.count == target.count, "meanAbsoluteError: output shape \(output.shape) and target shape \(target.shape) differ in size")
            return ((output - target.matching(output)).abs().sum().item, output.count)
        }
    }
}

/// The number of correct predictions and of examples; see `Metric.accuracy`.
func countCorrect(_ output: Tensor, _ target: Tensor) -> (correct: Int, count: Int) {
    noGrad {
        if output.count == target.count && (output.rank == target.rank || output.shape.last == 1) {
            let predicted = output.reshape(target.shape) .> 0
            return (Int((predicted .== target.to(.float32)).sum().item), target.count)
        }
        precondition(
            output.rank == target.rank + 1 && output.rank >= 2,
            "accuracy: output shape \(output.shape) does not fit target shape \(target.shape) (expected logits [N, C, ...] and labels [N, ...])")
        let predicted = output.argmax(axis: 1)
        return (Int((predicted .== target).sum().item), target.count)
    }
}

/// Fraction of correct predictions for int64 labels `[N]` and logits `[N, C]`
/// (or 0/1 labels and binary logits of their shape): `accuracy(truth: y, logits: model(x))`.
/// The truth comes first, as in every metric of the library (`accuracy(truth:predicted:)`).
public func accuracy(truth labels: Tensor, logits: Tensor) -> Double {
    let (correct, count) = countCorrect(logits, labels)
    return count == 0 ? 0 : Double(correct) / Double(count)
}

extension Tensor {
    /// `self` reshaped and converted to `other`'s shape and dtype when the element counts agree.
    func matching(_ other: Tensor) -> Tensor {
        let t = shape != other.shape && count == other.count ? reshape(other.shape) : self
        return t.to(other.dtype)
    }
}
