import Foundation

// Detection metrics: match detections to ground-truth boxes greedily by score,
// turn the matches into a precision–recall curve per class, and average.
// PASCAL VOC and COCO differ in how a detection picks its ground truth:
//   VOC:  the ground truth with the highest IoU; if that one is taken, the detection is a false positive.
//   COCO: the best-overlapping ground truth among those not taken yet (IoU >= threshold).
// Boxes use continuous coordinates (no "+1" pixel convention). Crowd and "difficult"
// annotations are not modelled.

/// A predicted box with its class and confidence, on image `image`.
public struct Detection: Sendable, Equatable {
    public var image: Int
    public var label: Int
    public var box: Box
    public var score: Double
    public init(image: Int, label: Int, box: Box, score: Double) {
        (self.image, self.label, self.box, self.score) = (image, label, box, score)
    }
}

/// A labelled ground-truth box on image `image`.
public struct GroundTruth: Sendable, Equatable {
    public var image: Int
    public var label: Int
    public var box: Box
    public init(image: Int, label: Int, box: Box) {
        (self.image, self.label, self.box) = (image, label, box)
    }
}

/// Per-class and mean average precision.
public struct MeanAveragePrecision: Sendable {
    /// AP of each class that has at least one ground-truth box.
    public let perClass: [Int: Double]
    /// The mean over `perClass` (NaN when there is no ground truth at all).
    public var mean: Double { perClass.isEmpty ? .nan : perClass.values.reduce(0, +) / Double(perClass.count) }
}

/// Indices of `detections` (restricted to `subset`) by descending score; equal scores keep
/// image order, then input order (the stable sorts of voc_eval and COCOeval).
private func ranked(_ subset: [Int], in detections: [Detection]) -> [Int] {
    subset.sorted {
        let (a, b) = (detections[$0], detections[$1])
        return a.score != b.score ? a.score > b.score : (a.image != b.image ? a.image < b.image : $0 < $1)
    }
}

/// Cumulative recall and precision after each ranked detection, given which ones are hits.
/// COCO adds `epsilon` (machine epsilon) to the precision denominator; VOC does not.
private func precisionRecall(_ hits: [Bool], groundTruthCount: Int, epsilon: Double = 0) -> (recall: [Double], precision: [Double]) {
    var tp = 0.0, fp = 0.0, recall: [Double] = [], precision: [Double] = []
    for hit in hits {
        if hit { tp += 1 } else { fp += 1 }
        recall.append(tp / Double(groundTruthCount))
        precision.append(tp / (tp + fp + epsilon))
    }
    return (recall, precision)
}

// MARK: PASCAL VOC

/// PASCAL VOC average precision per class at one IoU threshold (`voc_eval.py`):
/// detections of a class, best score first, each take the ground truth they overlap most;
/// a hit needs IoU > `iouThreshold` and a ground truth not already taken.
///
/// ```swift
/// let voc = vocMeanAveragePrecision(detections: dets, groundTruths: gts, interpolation: .elevenPoint)
/// print(voc.mean, voc.perClass[3] ?? .nan)
/// ```
public func vocMeanAveragePrecision(
    detections: [Detection], groundTruths: [GroundTruth],
    iouThreshold: Double = 0.5,
    interpolation: APInterpolation = .allPoints
) -> MeanAveragePrecision {
    var perClass: [Int: Double] = [:]
    for label in Set(groundTruths.map(\.label)) {
        let truths = groundTruths.filter { $0.label == label }
        let truthsByImage = Dictionary(grouping: truths.indices, by: { truths[$0].image })
        var taken = [Bool](repeating: false, count: truths.count)
        let order = ranked(detections.indices.filter { detections[$0].label == label }, in: detections)
        let hits = order.map { d -> Bool in
            // The first ground truth with the largest IoU, as numpy's argmax.
            var best = -1, bestIoU = -Double.infinity
            for g in truthsByImage[detections[d].image, default: []] {
                let iou = truths[g].box.iou(detections[d].box)
                if iou > bestIoU { (best, bestIoU) = (g, iou) }
            }
            guard best >= 0, bestIoU > iouThreshold, !taken[best] else { return false }
            taken[best] = true
            return true
        }
        let (recall, precision) = precisionRecall(hits, groundTruthCount: truths.count)
        perClass[label] = averagePrecision(recall: recall, precision: precision, interpolation: interpolation)
    }
    return MeanAveragePrecision(perClass: perClass)
}

// MARK: COCO

/// COCO-style results (`pycocotools.cocoeval.COCOeval` for boxes, area "all").
public struct COCOEvaluation: Sendable {
    /// IoU thresholds evaluated, 0.50:0.05:0.95 by default.
    public let iouThresholds: [Double]
    /// AP for each IoU threshold and class with ground truth: `ap[t][label]`.
    public let ap: [[Int: Double]]
    /// Recall at the end of the ranking, per IoU threshold and class.
    public let recall: [[Int: Double]]

    /// AP@[.5:.95]: the mean over thresholds and classes (COCO's headline "AP", stats[0]).
    public var mAP: Double { Self.mean(ap.flatMap(\.values)) }
    /// AP at IoU 0.5 averaged over classes (stats[1]).
    public var ap50: Double { meanAP(atIoU: 0.5) }
    /// AP at IoU 0.75 averaged over classes (stats[2]).
    public var ap75: Double { meanAP(atIoU: 0.75) }
    /// Mean recall over thresholds and classes (AR@maxDetections, stats[8]).
    public var meanRecall: Double { Self.mean(recall.flatMap(\.values)) }

    /// AP@[.5:.95] of one class (NaN if the class has no ground truth).
    public func classAP(_ label: Int) -> Double { Self.mean(ap.compactMap { $0[label] }) }

    /// Mean over classes of AP at the threshold closest to `iou`.
    public func meanAP(atIoU iou: Double) -> Double {
        guard let t = iouThresholds.indices.min(by: { abs(iouThresholds[$0] - iou) < abs(iouThresholds[$1] - iou) }) else { return .nan }
        return Self.mean(Array(ap[t].values))
    }

    static func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }
}

/// COCO's thresholds 0.50, 0.55, ..., 0.95 (computed as numpy's linspace).
public let cocoIoUThresholds: [Double] = (0..<10).map { (k: Int) -> Double in k == 9 ? 0.95 : 0.5 + Double(k) * ((0.95 - 0.5) / 9) }

/// COCO box evaluation: per image and class, the `maxDetections` best detections are matched,
/// best score first, to the untaken ground truth with the highest IoU >= threshold; AP is read
/// at 101 recall points and averaged over IoU thresholds and classes.
///
/// ```swift
/// let coco = cocoEvaluate(detections: dets, groundTruths: gts)
/// print(coco.mAP, coco.ap50, coco.ap75)
/// ```
public func cocoEvaluate(
    detections: [Detection], groundTruths: [GroundTruth],
    iouThresholds: [Double] = cocoIoUThresholds, maxDetections: Int = 100
) -> COCOEvaluation {
    var ap = [[Int: Double]](repeating: [:], count: iouThresholds.count)
    var recall = ap
    for label in Set(groundTruths.map(\.label)) {
        let truths = Dictionary(grouping: groundTruths.filter { $0.label == label }, by: \.image)
        let truthCount = truths.values.map(\.count).reduce(0, +)
        // Per image, the best `maxDetections` of this class; then all of them ranked together.
        let perImage = Dictionary(
            grouping: detections.indices.filter { detections[$0].label == label },
            by: { detections[$0].image }
        )
        .mapValues { Array(ranked($0, in: detections).prefix(maxDetections)) }
        let order = ranked(perImage.values.flatMap { $0 }, in: detections)
        for (t, threshold) in iouThresholds.enumerated() {
            var hits = Set<Int>()
            for (image, dets) in perImage {
                hits.formUnion(
                    cocoMatches(dets.map { detections[$0].box }, truths[image]?.map(\.box) ?? [], threshold: threshold)
                        .map { dets[$0] })
            }
            let curve = precisionRecall(order.map(hits.contains), groundTruthCount: truthCount, epsilon: .ulpOfOne)
            ap[t][label] = averagePrecision(recall: curve.recall, precision: curve.precision, interpolation: .cocoHundredOnePoint)
            recall[t][label] = curve.recall.last ?? 0
        }
    }
    return COCOEvaluation(iouThresholds: iouThresholds, ap: ap, recall: recall)
}

/// Positions in `detections` (one image and class, best score first) that COCO's greedy
/// matching counts as hits at `threshold`.
private func cocoMatches(_ detections: [Box], _ truths: [Box], threshold: Double) -> [Int] {
    var taken = [Bool](repeating: false, count: truths.count)
    var hits: [Int] = []
    for (d, box) in detections.enumerated() {
        // Later ground truths win ties (">=" against the best so far), as in COCOeval.evaluateImg.
        var best = -1, bestIoU = Swift.min(threshold, 1 - 1e-10)
        for (g, truth) in truths.enumerated() where !taken[g] {
            let iou = truth.iou(box)
            if iou >= bestIoU { (best, bestIoU) = (g, iou) }
        }
        if best >= 0 { taken[best] = true; hits.append(d) }
    }
    return hits
}
