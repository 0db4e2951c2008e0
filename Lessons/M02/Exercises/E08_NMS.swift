import DeepLearning

/// M02-E08 · Non-maximum suppression. Docs/M02.md#m02-e08
///
/// `boxes` is [N, 4] (x1, y1, x2, y2), `scores` is [N]. Visit the boxes from the highest
/// score down (equal scores in index order); keep a box unless a box kept before it
/// overlaps it with IoU *greater than* `iouThreshold`. Return the kept indices in the
/// order they were kept (`torchvision.ops.nms`). Your `iouMatrix` (M02-E07) helps.
public func nonMaximumSuppression(boxes: Tensor, scores: Tensor, iouThreshold: Double) throws -> [Int] {
    precondition(
        boxes.rank == 2 && boxes.shape[1] == 4 && scores.shape == [boxes.shape[0]],
        "nonMaximumSuppression: expected boxes [N, 4] and scores [N], got \(boxes.shape) and \(scores.shape)")
    // BEGIN SOLUTION
    let n = boxes.shape[0]
    let iou = try iouMatrix(boxes, boxes).doubles
    let s = scores.doubles
    let order = (0..<n).sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
    var kept: [Int] = []
    for i in order where !kept.contains(where: { iou[$0 * n + i] > iouThreshold }) {
        kept.append(i)
    }
    return kept
    // END SOLUTION
}
