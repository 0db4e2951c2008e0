import Foundation

/// P04-E06 · Online hard example mining (OHEM) for cross-entropy. Docs/P04.md#p04-e06
///
/// Rows are pixels: `logits[i]` their class scores, `targets[i]` their class (or
/// `ignoreIndex`, left out). Among the labelled pixels, let pᵢ be the softmax probability of
/// the true class and sort them ascending; keep the pixels with pᵢ < t, where
/// t = max(threshold, sorted[min(minKept, count − 1)]), so at least the `minKept` hardest
/// pixels stay (mmsegmentation's OHEMPixelSampler). Return the mean cross-entropy
/// −log pᵢ over the kept pixels and how many were kept (0 and 0 when none).
public func ohemCrossEntropy(logits: [[Double]], targets: [Int], ignoreIndex: Int = 255, threshold: Double, minKept: Int) throws -> (loss: Double, kept: Int) {
    precondition(logits.count == targets.count, "ohemCrossEntropy: \(logits.count) rows, \(targets.count) targets")
    // BEGIN SOLUTION
    var probabilities: [Double] = [], losses: [Double] = []
    for (row, y) in zip(logits, targets) where y != ignoreIndex {
        let top = row.max() ?? 0
        let logSum = top + log(row.map { exp($0 - top) }.reduce(0, +))
        losses.append(logSum - row[y])
        probabilities.append(exp(row[y] - logSum))
    }
    guard !probabilities.isEmpty else { return (0, 0) }
    let sorted = probabilities.sorted()
    let cut = max(threshold, sorted[min(minKept, sorted.count - 1)])
    let kept = zip(probabilities, losses).filter { $0.0 < cut }.map(\.1)
    return (kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count), kept.count)
    // END SOLUTION
}
