import Foundation
import Tensors

/// The rows of a class-index loss: targets as one index per row and the class
/// weights (plain values, so backward closures may keep them), plus `scores`,
/// the input as `[rows, classes]` with the class dimension last.
/// Accepts PyTorch's layouts: `[C]` with a 0-d target, `[N, C]` with `[N]`, and
/// `[N, C, d1, ...]` with `[N, d1, ...]` (per-pixel classification).
private struct ClassRows {
    let targets: [Int]
    let classWeights: [Double]?
    let targetShape: [Int]
    let classes: Int

    static func split(_ op: String, _ input: Tensor, _ target: Tensor, weight: Tensor?, ignoreIndex: Int) -> (scores: Tensor, rows: ClassRows) {
        precondition(input.dtype.isFloatingPoint, "\(op): input must be floating point, got \(input.dtype)")
        precondition(input.rank >= 1, "\(op): input must have a class dimension, got a scalar")
        let batchShape = input.rank == 1 ? [] : [input.shape[0]] + Array(input.shape.dropFirst(2))
        precondition(
            target.shape == batchShape,
            "\(op): target shape \(target.shape) does not fit input shape \(input.shape) (expected \(batchShape): one class index per row)")
        let classes = input.rank == 1 ? input.shape[0] : input.shape[1]
        let scores: Tensor
        switch input.rank {
        case 1: scores = input.unsqueeze(axis: 0)
        case 2: scores = input
        default: scores = input.permute([0] + Array(2..<input.rank) + [1]).reshape([-1, classes])
        }
        let targets = target.ints
        for t in targets where t != ignoreIndex {
            precondition(t >= 0 && t < classes, "\(op): target \(t) is out of bounds for \(classes) classes")
        }
        if let weight {
            precondition(weight.shape == [classes], "\(op): weight shape \(weight.shape) does not match \(classes) classes")
        }
        return (scores, ClassRows(targets: targets, classWeights: weight?.doubles, targetShape: target.shape, classes: classes))
    }

    func classWeight(_ c: Int) -> Double { classWeights?[c] ?? 1 }

    /// Σ over counted rows of the target class's weight: the divisor of the mean.
    func meanDivisor(ignoreIndex: Int) -> Double {
        targets.reduce(0) { $0 + ($1 == ignoreIndex ? 0 : classWeight($1)) }
    }
}

/// Cross-entropy between logits and class indices (`torch.nn.functional.cross_entropy`),
/// one fused op: a stable log-softmax and the pick of the target, with its own backward
///
///     dloss/dzᵢ꜀ = s·(pᵢ꜀·Aᵢ - aᵢ꜀),   aᵢ꜀ = (1-ε)·w_yᵢ·[c = yᵢ] + ε/C·w꜀,   Aᵢ = Σ꜀ aᵢ꜀
///
/// where p is the softmax, ε the label smoothing and s the reduction's scale.
/// - Parameters:
///   - logits: `[N, C]`, `[C]` or `[N, C, d...]`.
///   - targets: int64 class indices, `[N]`, `[]` or `[N, d...]`.
///   - weight: per-class weights `[C]`; `.mean` then divides by the sum of the targets' weights, as PyTorch.
///   - ignoreIndex: rows with this target contribute nothing (and do not count in the mean).
///   - labelSmoothing: ε in [0, 1]: the target becomes (1-ε)·onehot + ε/C.
public func crossEntropy(
    _ logits: Tensor, _ targets: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
    labelSmoothing: Double = 0, reduction: Reduction = .mean
) -> Tensor {
    ExerciseTwins.called("crossEntropy", twinOf: ["M01-E04", "P01-E03", "P06-E03"])
    precondition(labelSmoothing >= 0 && labelSmoothing <= 1, "crossEntropy: labelSmoothing must be in [0, 1], got \(labelSmoothing)")
    let (scores, rows) = ClassRows.split("crossEntropy", logits, targets, weight: weight, ignoreIndex: ignoreIndex)
    let divisor = rows.meanDivisor(ignoreIndex: ignoreIndex)
    let perRow = scores.dispatchFloat(
        "crossEntropy",
        float: { crossEntropyRows(Float.self, scores, rows, ignoreIndex: ignoreIndex, smoothing: labelSmoothing) },
        double: { crossEntropyRows(Double.self, scores, rows, ignoreIndex: ignoreIndex, smoothing: labelSmoothing) })
    let out: Tensor
    switch reduction {
    case .none: out = Tensor(perRow, shape: rows.targetShape, dtype: logits.dtype)
    case .sum: out = Tensor(perRow.reduce(0, +), dtype: logits.dtype)
    case .mean: out = Tensor(perRow.reduce(0, +) / divisor, dtype: logits.dtype)
    }
    return out.recorded("crossEntropy", [scores]) { g, c in
        let upstream = g.doubles
        let scale: (Int) -> Double
        switch reduction {
        case .none: scale = { upstream[$0] }
        case .sum: scale = { _ in upstream[0] }
        case .mean: scale = { _ in upstream[0] / divisor }
        }
        let scores = c.inputs[0]
        return [
            scores.dispatchFloat(
                "crossEntropy backward",
                float: { crossEntropyGradient(Float.self, scores, rows, ignoreIndex: ignoreIndex, smoothing: labelSmoothing, scale: scale) },
                double: { crossEntropyGradient(Double.self, scores, rows, ignoreIndex: ignoreIndex, smoothing: labelSmoothing, scale: scale) })
        ]
    }
}

/// Per-row losses -Σ꜀ aᵢ꜀·log pᵢ꜀ (0 for ignored rows), accumulated in Double.
private func crossEntropyRows<T: FloatElement>(_: T.Type, _ scores: Tensor, _ rows: ClassRows, ignoreIndex: Int, smoothing: Double) -> [Double] {
    let c = rows.classes
    var losses = [Double](repeating: 0, count: rows.targets.count)
    scores.elements(T.self) { z in
        for (i, t) in rows.targets.enumerated() where t != ignoreIndex {
            let row = z.baseAddress! + i * c
            let logSumExp = logSumExpRow(row, c)
            var loss = (1 - smoothing) * rows.classWeight(t) * (logSumExp - Double(row[t]))
            if smoothing > 0 {
                var smooth = 0.0
                for k in 0..<c { smooth += rows.classWeight(k) * (logSumExp - Double(row[k])) }
                loss += smoothing / Double(c) * smooth
            }
            losses[i] = loss
        }
    }
    return losses
}

private func crossEntropyGradient<T: FloatElement>(
    _: T.Type, _ scores: Tensor, _ rows: ClassRows, ignoreIndex: Int,
    smoothing: Double, scale: (Int) -> Double
) -> Tensor {
    let c = rows.classes
    let grad = Tensor.zeros(scores.shape, dtype: scores.dtype)
    let smoothPerClass = smoothing / Double(c)
    let weightSum = (0..<c).reduce(0.0) { $0 + rows.classWeight($1) }
    scores.elements(T.self) { z in
        grad.elements(T.self) { d in
            for (i, t) in rows.targets.enumerated() where t != ignoreIndex {
                let row = z.baseAddress! + i * c, out = d.baseAddress! + i * c
                let s = scale(i)
                let logSumExp = logSumExpRow(row, c)
                let total = (1 - smoothing) * rows.classWeight(t) + smoothPerClass * weightSum  // Aᵢ
                for k in 0..<c {
                    let p = Foundation.exp(Double(row[k]) - logSumExp)
                    var a = smoothPerClass * rows.classWeight(k)
                    if k == t { a += (1 - smoothing) * rows.classWeight(t) }
                    out[k] = T(s * (p * total - a))
                }
            }
        }
    }
    return grad
}

/// log Σₖ exp(row[k]), stable (the maximum is subtracted first).
@inline(__always)
private func logSumExpRow<T: FloatElement>(_ row: UnsafeMutablePointer<T>, _ n: Int) -> Double {
    var m = -Double.infinity
    for k in 0..<n { m = max(m, Double(row[k])) }
    if m == -.infinity { return m }
    var total = 0.0
    for k in 0..<n { total += Foundation.exp(Double(row[k]) - m) }
    return m + Foundation.log(total)
}

/// Negative log-likelihood of class indices given log-probabilities (`nll_loss`),
/// e.g. after `logSoftmax`; `crossEntropy(x, y)` equals `nllLoss(logSoftmax(x), y)`.
/// Same layouts, `weight`, `ignoreIndex` and weighted mean as `crossEntropy`.
public func nllLoss(
    _ logProbabilities: Tensor, _ targets: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
    reduction: Reduction = .mean
) -> Tensor {
    let (scores, rows) = ClassRows.split("nllLoss", logProbabilities, targets, weight: weight, ignoreIndex: ignoreIndex)
    let counted = rows.targets.map { $0 == ignoreIndex ? 0 : $0 }
    let rowWeights = rows.targets.map { $0 == ignoreIndex ? 0 : rows.classWeight($0) }
    let picked = scores.gather(axis: 1, index: Tensor(ints: counted, shape: [counted.count, 1])).reshape([-1])
    let perRow = -picked * Tensor(rowWeights, shape: [rowWeights.count], dtype: logProbabilities.dtype)
    switch reduction {
    case .none: return perRow.reshape(rows.targetShape)
    case .sum: return perRow.sum()
    case .mean: return perRow.sum() / rows.meanDivisor(ignoreIndex: ignoreIndex)
    }
}
