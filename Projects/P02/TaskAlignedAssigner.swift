import DeepLearning
import Foundation

// The task-aligned assigner of TOOD (Feng et al. 2021), as ultralytics' `TaskAlignedAssigner`
// runs it for YOLOv8 and YOLO11. For every ground-truth box g and anchor a:
//
//   candidate    the anchor point lies strictly inside the box (a side shorter than the
//                middle stride, 16, is widened to 16 about the centre for this test, so that
//                small boxes still get anchors: ultralytics 8.4's `stride_val`)
//   overlap      u = max(0, CIoU(g, predicted box of a))
//   alignment    t = s^α · u^β, s = predicted probability of g's class (α 0.5, β 6)
//
// Each box takes the top-k (10) anchors by t among all anchors; those that are also
// candidates become its positives. An anchor claimed by several boxes keeps the box it
// overlaps most. The positive's soft target for its class is t normalised per box so that
// the box's best anchor gets that anchor's IoU: t · max_u(g) / max_t(g).

/// One image's ground truth: class indices and xyxy boxes in input pixels.
struct GroundTruthBoxes: Sendable {
    var labels: [Int]
    var boxes: [Box]
    var count: Int { labels.count }
}

/// What the assigner hands the loss for one image: per anchor, whether it is a positive,
/// the index of its box, the box in pixels and the soft class target.
struct AssignedTargets: Sendable {
    /// Positive anchors.
    var foreground: [Bool]
    /// The ground-truth index of each anchor (0 for negatives, as ultralytics leaves it).
    var groundTruthIndex: [Int]
    /// [A][classes] soft targets (zero rows for negatives).
    var scores: [[Float]]
    /// The target box of each anchor (the box of `groundTruthIndex`).
    var boxes: [Box]
}

struct TaskAlignedAssigner: Sendable {
    var topK = 10
    var alpha = 0.5
    var beta = 6.0
    var eps = 1e-9
    /// Boxes narrower or shorter than this are widened to it when looking for candidates.
    var minimumCandidateSide = 16.0

    /// - Parameters:
    ///   - scores: predicted class probabilities, [A][classes] (sigmoid of the logits).
    ///   - boxes: predicted xyxy boxes in pixels, [A].
    ///   - anchorX, anchorY: anchor points in pixels.
    func assign(
        scores: [[Float]], boxes: [Box], anchorX: [Float], anchorY: [Float],
        truth: GroundTruthBoxes, classes: Int
    ) -> AssignedTargets {
        let anchors = boxes.count
        var result = AssignedTargets(
            foreground: .init(repeating: false, count: anchors),
            groundTruthIndex: .init(repeating: 0, count: anchors),
            scores: .init(repeating: .init(repeating: 0, count: classes), count: anchors),
            boxes: .init(repeating: truth.boxes.first ?? Box(x1: 0, y1: 0, x2: 0, y2: 0), count: anchors))
        guard truth.count > 0 else { return result }

        // Candidates, overlaps and alignment metrics, [G][A].
        var overlaps = [[Double]](repeating: .init(repeating: 0, count: anchors), count: truth.count)
        var alignment = overlaps
        var candidates: [(g: Int, a: Int)] = []
        for (g, truthBox) in truth.boxes.enumerated() {
            let box = Box(
                centerX: truthBox.centerX, centerY: truthBox.centerY,
                width: truthBox.width < minimumCandidateSide ? minimumCandidateSide : truthBox.width,
                height: truthBox.height < minimumCandidateSide ? minimumCandidateSide : truthBox.height)
            for a in 0..<anchors {
                let (x, y) = (Double(anchorX[a]), Double(anchorY[a]))
                if Swift.min(x - box.x1, y - box.y1, box.x2 - x, box.y2 - y) > eps { candidates.append((g, a)) }
            }
        }
        let ious = candidateIoUs(candidates.map { truth.boxes[$0.g] }, candidates.map { boxes[$0.a] })
        for (pair, iou) in zip(candidates, ious) {
            let u = Swift.max(iou, 0)
            let s = Double(scores[pair.a][truth.labels[pair.g]])
            overlaps[pair.g][pair.a] = u
            alignment[pair.g][pair.a] = Foundation.pow(s, alpha) * Foundation.pow(u, beta)
        }

        // Top-k anchors of each box by alignment (largest first, ties by index), kept if candidates.
        var isCandidate = [[Bool]](repeating: .init(repeating: false, count: anchors), count: truth.count)
        for pair in candidates { isCandidate[pair.g][pair.a] = true }
        var positive = isCandidate.map { _ in [Bool](repeating: false, count: anchors) }
        for g in 0..<truth.count {
            let order = (0..<anchors).sorted { alignment[g][$0] > alignment[g][$1] || (alignment[g][$0] == alignment[g][$1] && $0 < $1) }
            for a in order.prefix(topK) where isCandidate[g][a] { positive[g][a] = true }
        }

        // An anchor claimed by several boxes keeps the one with the highest overlap (first on ties).
        for a in 0..<anchors {
            let claims = (0..<truth.count).filter { positive[$0][a] }
            guard !claims.isEmpty else { continue }
            var chosen = claims[0]
            if claims.count > 1 {
                chosen = 0
                for g in 1..<truth.count where overlaps[g][a] > overlaps[chosen][a] { chosen = g }
                for g in 0..<truth.count { positive[g][a] = g == chosen }
            }
            result.foreground[a] = true
            result.groundTruthIndex[a] = chosen
        }

        // Soft targets: alignment normalised per box, scaled to the box's best overlap.
        var bestAlignment = [Double](repeating: 0, count: truth.count), bestOverlap = bestAlignment
        for g in 0..<truth.count {
            for a in 0..<anchors where positive[g][a] {
                bestAlignment[g] = Swift.max(bestAlignment[g], alignment[g][a])
                bestOverlap[g] = Swift.max(bestOverlap[g], overlaps[g][a])
            }
        }
        for a in 0..<anchors {
            let g = result.groundTruthIndex[a]
            result.boxes[a] = truth.boxes[g]
            guard result.foreground[a] else { continue }
            var norm = 0.0
            for h in 0..<truth.count where positive[h][a] {
                norm = Swift.max(norm, alignment[h][a] * bestOverlap[h] / (bestAlignment[h] + eps))
            }
            result.scores[a][truth.labels[g]] = Float(norm)
        }
        return result
    }

    /// CIoU between pairs of boxes, computed once for all candidate pairs with the library's IoU op.
    private func candidateIoUs(_ a: [Box], _ b: [Box]) -> [Double] {
        guard !a.isEmpty else { return [] }
        let ta = Tensor(a.flatMap { $0.values() }, shape: [a.count, 4], dtype: .float64)
        let tb = Tensor(b.flatMap { $0.values() }, shape: [b.count, 4], dtype: .float64)
        return noGrad { elementwiseBoxIoU(ta, tb, kind: .complete) }.doubles
    }
}
