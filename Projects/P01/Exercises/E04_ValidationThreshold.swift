/// P01-E04 · The decision threshold, chosen on validation. Docs/P01.md#p01-e04
///
/// Defect scores in [0, 1] and labels (1 defective, 0 functional) of the validation split.
/// Try 0.5 and every midpoint between consecutive distinct scores (sorted); a cell is called
/// defective when its score ≥ t. Return the t with the highest F1 of the defective class,
/// F1 = 2·TP / (2·TP + FP + FN) (0 when TP = 0); among equal F1s, the t closest to 0.5
/// (the first one met in the order above when that ties too).
public func f1Threshold(scores: [Double], labels: [Int]) throws -> Double {
    precondition(scores.count == labels.count, "f1Threshold: \(scores.count) scores, \(labels.count) labels")
    // BEGIN SOLUTION
    func f1(_ t: Double) -> Double {
        var (tp, fp, fn) = (0.0, 0.0, 0.0)
        for (s, y) in zip(scores, labels) {
            if s >= t { if y == 1 { tp += 1 } else { fp += 1 } } else if y == 1 { fn += 1 }
        }
        return tp > 0 ? 2 * tp / (2 * tp + fp + fn) : 0
    }
    let distinct = Array(Set(scores)).sorted()
    var candidates = [0.5]
    for (a, b) in zip(distinct, distinct.dropFirst()) { candidates.append((a + b) / 2) }
    var best = (t: 0.5, v: f1(0.5))
    for t in candidates.dropFirst() {
        let v = f1(t)
        if v > best.v || (v == best.v && abs(t - 0.5) < abs(best.t - 0.5)) { best = (t, v) }
    }
    return best.t
    // END SOLUTION
}
