import Foundation

/// P02-E04 · The task-aligned metric and top-k selection. Docs/P02.md#p02-e04
///
/// For one ground-truth box and every anchor a: `scores[a]` is the predicted probability of
/// the box's class, `ious[a]` the CIoU of the anchor's predicted box with the ground truth,
/// and `inside[a]` whether the anchor point lies inside the box. The alignment metric is
///   t = s^α · u^β,  u = max(iou, 0), for anchors inside the box (0 for the others).
/// The box's positives are the anchors among the k largest t (ties: the lower index first)
/// that are inside the box. Returns the metrics and the positives in increasing index order.
public func taskAlignedPositives(
    scores: [Double], ious: [Double], inside: [Bool], topK: Int = 10,
    alpha: Double = 0.5, beta: Double = 6
) throws -> (metrics: [Double], positives: [Int]) {
    precondition(scores.count == ious.count && scores.count == inside.count, "taskAlignedPositives: inputs differ in length")
    // BEGIN SOLUTION
    let metrics = scores.indices.map { a in inside[a] ? pow(scores[a], alpha) * pow(max(ious[a], 0), beta) : 0 }
    let ranked = metrics.indices.sorted { metrics[$0] > metrics[$1] || (metrics[$0] == metrics[$1] && $0 < $1) }
    return (metrics, ranked.prefix(topK).filter { inside[$0] }.sorted())
    // END SOLUTION
}
