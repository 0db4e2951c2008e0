import Foundation

/// P02-E06 · Average precision by 101-point interpolation (COCO). Docs/P02.md#p02-e06
///
/// `recall` and `precision` are cumulative, one value per detection in descending score
/// order. First make precision monotone: each value becomes the largest precision at its
/// position or later. Then for each recall level t = k · 0.01, k = 0...99, and t = 1 (the
/// values of numpy's `linspace(0, 1, 101)`) take the precision at the first position whose
/// recall is ≥ t (0 when recall never reaches t), and average the 101 values
/// (`COCOeval.accumulate`).
public func interpolatedAP101(recall: [Double], precision: [Double]) throws -> Double {
    precondition(recall.count == precision.count, "interpolatedAP101: recall and precision differ in length")
    // BEGIN SOLUTION
    var envelope = precision
    if envelope.count > 1 {
        for i in stride(from: envelope.count - 2, through: 0, by: -1) { envelope[i] = max(envelope[i], envelope[i + 1]) }
    }
    var total = 0.0
    for k in 0...100 {
        let level = k == 100 ? 1 : Double(k) * 0.01
        if let i = recall.firstIndex(where: { $0 >= level }) { total += envelope[i] }
    }
    return total / 101
    // END SOLUTION
}
