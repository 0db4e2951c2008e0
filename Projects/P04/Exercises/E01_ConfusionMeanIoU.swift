import Foundation

/// P04-E01 · mIoU from one confusion matrix over a split. Docs/P04.md#p04-e01
///
/// `confusionCounts`: counts[t][p] = pixels of target class t predicted as p, leaving out
/// pixels whose target is `ignoreIndex` (Cityscapes' 255, "void").
///
/// `meanIoU`: IoU_c = TP / (TP + FP + FN) = counts[c][c] / (row_c + column_c − counts[c][c]);
/// NaN for a class that is neither present nor predicted (0 / 0); the mean over the
/// classes whose IoU is not NaN (NumPy's `nanmean`, as the Cityscapes scripts skip them).
public func confusionCounts(predictions: [Int], targets: [Int], classes: Int, ignoreIndex: Int = 255) throws -> [[Int]] {
    precondition(predictions.count == targets.count, "confusionCounts: \(predictions.count) predictions, \(targets.count) targets")
    // BEGIN SOLUTION
    var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    for (p, t) in zip(predictions, targets) where t != ignoreIndex { counts[t][p] += 1 }
    return counts
    // END SOLUTION
}

public func meanIoU(_ counts: [[Int]]) throws -> (perClass: [Double], mean: Double) {
    // BEGIN SOLUTION
    let k = counts.count
    let perClass = (0..<k).map { c -> Double in
        let tp = counts[c][c]
        let union = counts[c].reduce(0, +) + (0..<k).map { counts[$0][c] }.reduce(0, +) - tp
        return union == 0 ? .nan : Double(tp) / Double(union)
    }
    let present = perClass.filter { !$0.isNaN }
    return (perClass, present.isEmpty ? .nan : present.reduce(0, +) / Double(present.count))
    // END SOLUTION
}
