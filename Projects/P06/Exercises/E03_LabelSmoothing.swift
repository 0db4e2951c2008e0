import DeepLearning
import Foundation

/// P06-E03 · Label-smoothed cross-entropy with padding. Docs/P06.md#p06-e03
///
/// `logits` has one row of C scores per target position, `targets` the correct class of
/// each row. Rows whose target is `padId` are ignored. For the others, with p = softmax(row),
/// the loss is (1 - ε)·(-log p[target]) + ε · mean over all C classes of (-log p[c])
/// (PyTorch's `cross_entropy(label_smoothing: ε, ignore_index: padId)`). Return the mean
/// over the rows that are not ignored (0 when all are).
public func labelSmoothedCrossEntropy(logits: [[Double]], targets: [Int], smoothing: Double, padId: Int) throws -> Double {
    precondition(logits.count == targets.count, "labelSmoothedCrossEntropy: one target per row")
    // BEGIN SOLUTION
    var total = 0.0, rows = 0
    for (row, target) in zip(logits, targets) where target != padId {
        let largest = row.max()!
        let logSum = largest + log(row.reduce(0) { $0 + exp($1 - largest) })
        let negativeLogProbs = row.map { logSum - $0 }
        total += (1 - smoothing) * negativeLogProbs[target] + smoothing * negativeLogProbs.reduce(0, +) / Double(row.count)
        rows += 1
    }
    return rows == 0 ? 0 : total / Double(rows)
    // END SOLUTION
}
