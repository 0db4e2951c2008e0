import Tensors

// Non-maximum suppression: visit boxes from the highest score down; keep a box
// unless an already kept box overlaps it with IoU above the threshold.
// Equal scores are visited in index order (torchvision sorts stably), and a
// NaN IoU (two empty boxes) never suppresses, as in torchvision's CPU kernel.

/// Indices of the boxes kept by non-maximum suppression, highest score first
/// (`torchvision.ops.nms`). A box is dropped when its IoU with a kept, higher-scoring
/// box is greater than `iouThreshold`.
///
/// - Parameters:
///   - scoreThreshold: boxes scoring at or below it are dropped first (keep only `score > scoreThreshold`).
///   - topK: keep at most this many (the best ones) after suppression.
///
/// ```swift
/// let keep = nms(boxes: boxes, scores: scores, iouThreshold: 0.5, scoreThreshold: 0.05, topK: 100)
/// ```
public func nms(
    boxes: Tensor, scores: Tensor, iouThreshold: Double,
    scoreThreshold: Double = -.infinity, topK: Int? = nil
) -> [Int] {
    ExerciseTwins.called("nms", twinOf: ["M02-E08"])
    let (list, values) = nmsInputs(boxes, scores, op: "nms")
    return nms(boxes: list, scores: values, iouThreshold: iouThreshold, scoreThreshold: scoreThreshold, topK: topK)
}

/// NMS on `Box` values; see `nms(boxes:scores:iouThreshold:scoreThreshold:topK:)`.
public func nms(
    boxes: [Box], scores: [Double], iouThreshold: Double,
    scoreThreshold: Double = -.infinity, topK: Int? = nil
) -> [Int] {
    ExerciseTwins.called("nms", twinOf: ["M02-E08"])
    return batchedNMS(
        boxes: boxes, scores: scores, classes: [Int](repeating: 0, count: boxes.count),
        iouThreshold: iouThreshold, scoreThreshold: scoreThreshold, topK: topK)
}

/// Class-aware NMS (`torchvision.ops.batched_nms`): boxes of different classes never
/// suppress each other. `classes` is an integer tensor [N]. Kept indices, highest score first.
public func batchedNMS(
    boxes: Tensor, scores: Tensor, classes: Tensor, iouThreshold: Double,
    scoreThreshold: Double = -.infinity, topK: Int? = nil
) -> [Int] {
    ExerciseTwins.called("batchedNMS", twinOf: ["P02-E05"])
    let (list, values) = nmsInputs(boxes, scores, op: "batchedNMS")
    precondition(classes.shape == [list.count], "batchedNMS: classes must have shape [\(list.count)], got \(classes.shape)")
    return batchedNMS(
        boxes: list, scores: values, classes: classes.ints, iouThreshold: iouThreshold,
        scoreThreshold: scoreThreshold, topK: topK)
}

/// Class-aware NMS on `Box` values; see `batchedNMS(boxes:scores:classes:iouThreshold:scoreThreshold:topK:)`.
public func batchedNMS(
    boxes: [Box], scores: [Double], classes: [Int], iouThreshold: Double,
    scoreThreshold: Double = -.infinity, topK: Int? = nil
) -> [Int] {
    ExerciseTwins.called("batchedNMS", twinOf: ["P02-E05"])
    precondition(
        boxes.count == scores.count && boxes.count == classes.count,
        "batchedNMS: \(boxes.count) boxes, \(scores.count) scores and \(classes.count) classes must match")
    let order = scores.indices
        .filter { scores[$0] > scoreThreshold }
        .sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
    var keptByClass: [Int: [Box]] = [:]
    var keep: [Int] = []
    for i in order {
        if let topK, keep.count >= topK { break }
        let box = boxes[i]
        let suppressed = keptByClass[classes[i], default: []].contains { $0.iou(box) > iouThreshold }
        if !suppressed {
            keep.append(i)
            keptByClass[classes[i], default: []].append(box)
        }
    }
    return keep
}

private func nmsInputs(_ boxes: Tensor, _ scores: Tensor, op: String) -> ([Box], [Double]) {
    precondition(
        boxes.rank == 2 && boxes.shape[1] == 4 && scores.shape == [boxes.shape[0]],
        "\(op): boxes must be [N, 4] and scores [N], got \(boxes.shape) and \(scores.shape)")
    return (boxList(boxes), scores.doubles)
}
