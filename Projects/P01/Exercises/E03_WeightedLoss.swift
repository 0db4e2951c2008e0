import Foundation

/// P01-E03 · A class-weighted cross-entropy against imbalance. Docs/P01.md#p01-e03
///
/// `classWeights`: w_c = N / (K · n_c) for N labels, K classes and n_c labels of class c
/// (0 for a class that never occurs), so that every class carries the same total weight.
///
/// `weightedCrossEntropy`: PyTorch's `F.cross_entropy(logits, targets, weight=w)` with its
/// mean reduction, Σᵢ w_{yᵢ} · (−log softmax(zᵢ)_{yᵢ}) / Σᵢ w_{yᵢ}, computed stably
/// (subtract each row's maximum before exponentiating).
public func classWeights(labels: [Int], classes: Int) throws -> [Double] {
    // BEGIN SOLUTION
    var counts = [Int](repeating: 0, count: classes)
    for y in labels { counts[y] += 1 }
    return counts.map { $0 > 0 ? Double(labels.count) / Double(classes * $0) : 0 }
    // END SOLUTION
}

public func weightedCrossEntropy(logits: [[Double]], targets: [Int], weights: [Double]) throws -> Double {
    precondition(logits.count == targets.count, "weightedCrossEntropy: \(logits.count) rows, \(targets.count) targets")
    // BEGIN SOLUTION
    var (total, norm) = (0.0, 0.0)
    for (row, y) in zip(logits, targets) {
        let top = row.max() ?? 0
        let logSum = top + log(row.map { exp($0 - top) }.reduce(0, +))
        total += weights[y] * (logSum - row[y])
        norm += weights[y]
    }
    return total / norm
    // END SOLUTION
}
