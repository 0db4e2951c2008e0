import DeepLearning

/// M02-E09 · Encode boxes as offsets from anchors, and decode them back. Docs/M02.md#m02-e09
///
/// Boxes and anchors are [N, 4] (x1, y1, x2, y2); offsets are [N, 4] (dx, dy, dw, dh).
/// With centres (x, y) and sizes (w, h) — subscript a for the anchor — Faster R-CNN's
/// parameterisation, without weights:
///
///     dx = (x − x_a) / w_a     dy = (y − y_a) / h_a     dw = log(w / w_a)     dh = log(h / h_a)
///
/// `decodeBoxes` inverts it: decodeBoxes(encodeBoxes(b, a), a) == b. Use tensor ops
/// (`slice`, `stack`, `log`, `exp`), so the result is differentiable.
public func encodeBoxes(_ boxes: Tensor, anchors: Tensor) throws -> Tensor {
    // BEGIN SOLUTION
    let (b, a) = (centreForm(boxes), centreForm(anchors))
    return stack([(b.x - a.x) / a.w, (b.y - a.y) / a.h, (b.w / a.w).log(), (b.h / a.h).log()], axis: 1)
    // END SOLUTION
}

/// M02-E09 · The inverse of `encodeBoxes`. Docs/M02.md#m02-e09
public func decodeBoxes(_ offsets: Tensor, anchors: Tensor) throws -> Tensor {
    // BEGIN SOLUTION
    let a = centreForm(anchors)
    let column = { (k: Int) in offsets.slice(axis: 1, start: k, end: k + 1).squeeze(axis: 1) }
    let (x, y) = (column(0) * a.w + a.x, column(1) * a.h + a.y)
    let (halfW, halfH) = (column(2).exp() * a.w * 0.5, column(3).exp() * a.h * 0.5)
    return stack([x - halfW, y - halfH, x + halfW, y + halfH], axis: 1)
    // END SOLUTION
}

/// Centres and sizes [N] of xyxy boxes [N, 4].
func centreForm(_ boxes: Tensor) -> (x: Tensor, y: Tensor, w: Tensor, h: Tensor) {
    precondition(boxes.rank == 2 && boxes.shape[1] == 4, "box coding: expected boxes [N, 4], got \(boxes.shape)")
    let c = (0..<4).map { boxes.slice(axis: 1, start: $0, end: $0 + 1).squeeze(axis: 1) }
    return ((c[0] + c[2]) * 0.5, (c[1] + c[3]) * 0.5, c[2] - c[0], c[3] - c[1])
}
