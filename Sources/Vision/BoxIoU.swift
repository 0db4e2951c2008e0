import Foundation
import Tensors

// IoU and its three refinements, for xyxy boxes, composed from differentiable
// tensor ops. One formula serves both shapes of the question:
//   pairwise    a [N, 4], b [M, 4] -> [N, M]  (a as [N, 1], b as [1, M], broadcast)
//   elementwise a [N, 4], b [N, 4] -> [N]     (box i against box i; the IoU losses)
//
//   IoU  = |A ∩ B| / |A ∪ B|
//   GIoU = IoU - |C \ (A ∪ B)| / |C|               C: smallest box enclosing A and B
//   DIoU = IoU - ρ²(centres) / diag(C)²
//   CIoU = DIoU - α·v,  v = 4/π² (atan(w_a/h_a) - atan(w_b/h_b))²,  α = v / (1 - IoU + v) (no gradient)

/// The IoU variants of `torchvision.ops`.
public enum IoUKind: String, Sendable, CaseIterable {
    /// Plain intersection over union.
    case iou
    /// Generalized IoU (Rezatofighi et al. 2019): also penalises the empty part of the enclosing box.
    case generalized
    /// Distance IoU (Zheng et al. 2020): also penalises the distance between centres.
    case distance
    /// Complete IoU (Zheng et al. 2020): DIoU plus an aspect-ratio consistency term.
    case complete
}

/// The chosen IoU variant between corner sets `a` and `b` (broadcast against each other).
/// `eps` guards the centre-distance and aspect terms; `ratioEps` guards the IoU and
/// GIoU quotients (torchvision's pairwise functions use 0 there, its losses use eps).
func iou(_ a: Corners, _ b: Corners, kind: IoUKind, eps: Double, ratioEps: Double) -> Tensor {
    let interW = a.x2.minimum(b.x2) - a.x1.maximum(b.x1)
    let interH = a.y2.minimum(b.y2) - a.y1.maximum(b.y1)
    // Boxes that do not overlap (or only touch) have no intersection and no gradient through it.
    let overlaps = noGrad { (interW .> 0) * (interH .> 0) }
    let inter = `where`(overlaps, interW * interH, Tensor(0, dtype: interW.dtype))
    let union = a.area + b.area - inter
    let iou = inter / (ratioEps == 0 ? union : union + ratioEps)
    if kind == .iou { return iou }

    // The smallest box enclosing both.
    let enclosingW = (a.x2.maximum(b.x2) - a.x1.minimum(b.x1)).clamp(min: 0)
    let enclosingH = (a.y2.maximum(b.y2) - a.y1.minimum(b.y1)).clamp(min: 0)
    if kind == .generalized {
        let enclosing = enclosingW * enclosingH
        return iou - (enclosing - union) / (ratioEps == 0 ? enclosing : enclosing + ratioEps)
    }

    let diagonalSquared = enclosingW * enclosingW + enclosingH * enclosingH + eps
    let dx = a.centerX - b.centerX, dy = a.centerY - b.centerY
    let diou = iou - (dx * dx + dy * dy) / diagonalSquared
    if kind == .distance { return diou }

    let angle = (a.width / a.height).atan() - (b.width / b.height).atan()
    let v = angle * angle * (4 / (Double.pi * Double.pi))
    // α is a weight, not a path for gradients (as in the paper and torchvision).
    let alpha = noGrad { v.detach() / (1 - iou.detach() + v.detach() + eps) }
    return diou - alpha * v
}

/// Pairwise IoU of the chosen kind between xyxy boxes a [N, 4] and b [M, 4]: an [N, M] matrix.
/// Matches `torchvision.ops.box_iou`, `generalized_box_iou`, `distance_box_iou` and
/// `complete_box_iou` (which use `eps` only in the distance and aspect terms). Differentiable.
///
/// ```swift
/// let a = Tensor([0, 0, 10, 10], shape: [1, 4]), b = Tensor([5, 0, 15, 10, 20, 20, 30, 30], shape: [2, 4])
/// pairwiseBoxIoU(a, b)                        // [[0.3333, 0]]
/// pairwiseBoxIoU(a, b, kind: .generalized)    // [[0.3333, -0.7778]]
/// ```
public func pairwiseBoxIoU(_ a: Tensor, _ b: Tensor, kind: IoUKind = .iou, eps: Double = 1e-7) -> Tensor {
    ExerciseTwins.called("pairwiseBoxIoU", twinOf: ["M02-E07", "M02-E10"])
    precondition(
        a.rank == 2 && b.rank == 2 && a.shape[1] == 4 && b.shape[1] == 4,
        "pairwiseBoxIoU: boxes must have shapes [N, 4] and [M, 4], got \(a.shape) and \(b.shape)")
    let rows = Corners(a.unsqueeze(axis: 1), op: "pairwiseBoxIoU")  // each [N, 1]
    let columns = Corners(b.unsqueeze(axis: 0), op: "pairwiseBoxIoU")  // each [1, M]
    return iou(rows, columns, kind: kind, eps: eps, ratioEps: 0)
}

/// `pairwiseBoxIoU(a, b)`, the name torchvision uses.
public func boxIoU(_ a: Tensor, _ b: Tensor) -> Tensor { pairwiseBoxIoU(a, b) }

/// IoU of the chosen kind between box i of `a` and box i of `b`, for a and b of one shape [..., 4];
/// the result has shape [...]. `eps` guards every division, as torchvision's IoU losses do.
public func elementwiseBoxIoU(_ a: Tensor, _ b: Tensor, kind: IoUKind = .iou, eps: Double = 1e-7) -> Tensor {
    ExerciseTwins.called("elementwiseBoxIoU", twinOf: ["P02-E02"])
    precondition(a.shape == b.shape, "elementwiseBoxIoU: boxes must have the same shape, got \(a.shape) and \(b.shape)")
    return iou(Corners(a, op: "elementwiseBoxIoU"), Corners(b, op: "elementwiseBoxIoU"), kind: kind, eps: eps, ratioEps: eps)
}

/// `1 - GIoU` per box pair (`torchvision.ops.generalized_box_iou_loss`, reduction "none").
/// Take `.mean()` or `.sum()` of the result for a scalar loss.
///
/// ```swift
/// let loss = generalizedBoxIoULoss(predictedBoxes, targetBoxes).mean()
/// loss.backward()
/// ```
public func generalizedBoxIoULoss(_ predicted: Tensor, _ target: Tensor, eps: Double = 1e-7) -> Tensor {
    1 - elementwiseBoxIoU(predicted, target, kind: .generalized, eps: eps)
}

/// `1 - DIoU` per box pair (`torchvision.ops.distance_box_iou_loss`, reduction "none").
public func distanceBoxIoULoss(_ predicted: Tensor, _ target: Tensor, eps: Double = 1e-7) -> Tensor {
    1 - elementwiseBoxIoU(predicted, target, kind: .distance, eps: eps)
}

/// `1 - CIoU` per box pair (`torchvision.ops.complete_box_iou_loss`, reduction "none").
public func completeBoxIoULoss(_ predicted: Tensor, _ target: Tensor, eps: Double = 1e-7) -> Tensor {
    1 - elementwiseBoxIoU(predicted, target, kind: .complete, eps: eps)
}
