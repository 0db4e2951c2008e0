import Foundation

/// P02-E05 · Class-aware non-maximum suppression. Docs/P02.md#p02-e05
///
/// Visit the boxes (xyxy) by descending score (equal scores: lower index first); keep a box
/// unless a kept box *of the same class* overlaps it with IoU greater than `iouThreshold`.
/// Returns the kept indices in the order they were kept.
public func suppressPerClass(boxes: [[Double]], scores: [Double], classes: [Int], iouThreshold: Double = 0.7) throws -> [Int] {
    precondition(boxes.count == scores.count && boxes.count == classes.count, "suppressPerClass: inputs differ in length")
    // BEGIN SOLUTION
    func iou(_ a: [Double], _ b: [Double]) -> Double {
        let inter = max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))
        let union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
        return inter / union
    }
    let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
    var kept: [Int] = []
    for i in order where !kept.contains(where: { classes[$0] == classes[i] && iou(boxes[$0], boxes[i]) > iouThreshold }) {
        kept.append(i)
    }
    return kept
    // END SOLUTION
}
