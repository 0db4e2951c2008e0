import Foundation
import Tensors

/// Encodes boxes as offsets from anchors and back, as Faster R-CNN's `BoxCoder`:
///
///     dx = wx · (x_box - x_anchor) / w_anchor        dw = ww · log(w_box / w_anchor)
///     dy = wy · (y_box - y_anchor) / h_anchor        dh = wh · log(h_box / h_anchor)
///
/// with (x, y) box centres. Decoding clamps dw and dh at `clip` (log(1000/16)) before `exp`,
/// so a wild prediction cannot overflow. Both directions are differentiable tensor ops on
/// xyxy boxes of shape [..., 4]; boxes and anchors broadcast against each other (so per-class
/// codes [N, K, 4] decode against anchors [N, 1, 4]).
///
/// ```swift
/// let coder = BoxCoder()                                   // weights (10, 10, 5, 5)
/// let targets = coder.encode(groundTruth, anchors: anchors)  // regression targets
/// let boxes = coder.decode(predictedOffsets, anchors: anchors)
/// ```
public struct BoxCoder: Sendable {
    /// Weights (wx, wy, ww, wh) that scale the four offsets.
    public let weights: (x: Double, y: Double, width: Double, height: Double)
    /// Upper limit for decoded dw, dh.
    public let clip: Double

    public init(
        weights: (x: Double, y: Double, width: Double, height: Double) = (10, 10, 5, 5),
        clip: Double = Foundation.log(1000.0 / 16)
    ) {
        self.weights = weights
        self.clip = clip
    }

    /// Offsets [..., 4] that turn `anchors` into `boxes`.
    public func encode(_ boxes: Tensor, anchors: Tensor) -> Tensor {
        ExerciseTwins.called("BoxCoder.encode", twinOf: ["M02-E09"])
        let b = Corners(boxes, op: "BoxCoder.encode"), a = Corners(anchors, op: "BoxCoder.encode")
        let (aw, ah) = (a.width, a.height)
        return stack(
            [
                (b.centerX - a.centerX) / aw * weights.x,
                (b.centerY - a.centerY) / ah * weights.y,
                (b.width / aw).log() * weights.width,
                (b.height / ah).log() * weights.height,
            ], axis: -1)
    }

    /// Boxes [..., 4] (xyxy) given by applying `offsets` to `anchors`.
    public func decode(_ offsets: Tensor, anchors: Tensor) -> Tensor {
        ExerciseTwins.called("BoxCoder.decode", twinOf: ["M02-E09"])
        let a = Corners(anchors, op: "BoxCoder.decode")
        let d = lastAxisColumns(offsets, op: "BoxCoder.decode")
        let (aw, ah) = (a.width, a.height)
        let centerX = d[0] / weights.x * aw + a.centerX
        let centerY = d[1] / weights.y * ah + a.centerY
        let halfW = (d[2] / weights.width).clamp(max: clip).exp() * aw * 0.5
        let halfH = (d[3] / weights.height).clamp(max: clip).exp() * ah * 0.5
        return Corners(x1: centerX - halfW, y1: centerY - halfH, x2: centerX + halfW, y2: centerY + halfH).stacked()
    }
}
