import Tensors

// Boxes as tensors of shape [..., 4]. Everything here is composed from
// differentiable tensor ops (slice, arithmetic, stack), so gradients flow
// through format conversions, clipping and areas.

/// The four corner coordinates of a tensor of boxes, each with the boxes' leading shape.
/// Ops read boxes through this, so they never index columns by hand.
struct Corners {
    let x1, y1, x2, y2: Tensor

    /// Splits `boxes` ([..., 4], laid out as `format`) into corner coordinates.
    init(_ boxes: Tensor, format: BoxFormat = .xyxy, op: String) {
        let c = lastAxisColumns(boxes, op: op)
        switch format {
        case .xyxy: (x1, y1, x2, y2) = (c[0], c[1], c[2], c[3])
        case .xywh: (x1, y1, x2, y2) = (c[0], c[1], c[0] + c[2], c[1] + c[3])
        case .cxcywh:
            let (halfW, halfH) = (c[2] * 0.5, c[3] * 0.5)
            (x1, y1, x2, y2) = (c[0] - halfW, c[1] - halfH, c[0] + halfW, c[1] + halfH)
        }
    }

    init(x1: Tensor, y1: Tensor, x2: Tensor, y2: Tensor) {
        (self.x1, self.y1, self.x2, self.y2) = (x1, y1, x2, y2)
    }

    var width: Tensor { x2 - x1 }
    var height: Tensor { y2 - y1 }
    var centerX: Tensor { (x1 + x2) * 0.5 }
    var centerY: Tensor { (y1 + y2) * 0.5 }
    var area: Tensor { width * height }

    /// The boxes as a [..., 4] tensor in `format`.
    func stacked(_ format: BoxFormat = .xyxy) -> Tensor {
        switch format {
        case .xyxy: return stack([x1, y1, x2, y2], axis: -1)
        case .xywh: return stack([x1, y1, width, height], axis: -1)
        case .cxcywh: return stack([centerX, centerY, width, height], axis: -1)
        }
    }
}

/// The four columns of a [..., 4] tensor, each of shape [...].
func lastAxisColumns(_ t: Tensor, op: String) -> [Tensor] {
    precondition(t.rank >= 1 && t.shape.last == 4, "\(op): boxes must have shape [..., 4], got \(t.shape)")
    return (0..<4).map { t.slice(axis: -1, start: $0, end: $0 + 1).squeeze(axis: -1) }
}

/// Converts boxes [..., 4] between formats (`torchvision.ops.box_convert`); differentiable.
///
/// ```swift
/// let yolo = Tensor([50, 50, 20, 10], shape: [1, 4])
/// convertBoxes(yolo, from: .cxcywh, to: .xyxy)   // [[40, 45, 60, 55]]
/// ```
public func convertBoxes(_ boxes: Tensor, from: BoxFormat, to: BoxFormat) -> Tensor {
    if from == to { return boxes.clone() }
    return Corners(boxes, format: from, op: "convertBoxes").stacked(to)
}

/// Clamps xyxy boxes [..., 4] to the image `[0, width] x [0, height]` (`clip_boxes_to_image`).
public func clipBoxes(_ boxes: Tensor, width: Double, height: Double) -> Tensor {
    let c = Corners(boxes, op: "clipBoxes")
    return Corners(
        x1: c.x1.clamp(min: 0, max: width), y1: c.y1.clamp(min: 0, max: height),
        x2: c.x2.clamp(min: 0, max: width), y2: c.y2.clamp(min: 0, max: height)
    ).stacked()
}

/// Areas of boxes [..., 4] in `format` (`torchvision.ops.box_area`); shape [...].
public func boxArea(_ boxes: Tensor, format: BoxFormat = .xyxy) -> Tensor {
    Corners(boxes, format: format, op: "boxArea").area
}

/// Indices of the boxes whose width and height are both at least `minSize`
/// (`torchvision.ops.remove_small_boxes`).
public func removeSmallBoxes(_ boxes: Tensor, minSize: Double) -> [Int] {
    boxList(boxes).enumerated().filter { $0.element.width >= minSize && $0.element.height >= minSize }.map(\.offset)
}

/// The rows of an [N, 4] tensor as `Box` values.
public func boxList(_ boxes: Tensor, format: BoxFormat = .xyxy) -> [Box] {
    precondition(boxes.rank == 2 && boxes.shape[1] == 4, "boxList: boxes must have shape [N, 4], got \(boxes.shape)")
    let v = boxes.doubles
    return (0..<boxes.shape[0]).map { Box(Array(v[4 * $0..<4 * $0 + 4]), format: format) }
}

extension Tensor {
    /// An [N, 4] tensor holding `boxes` in `format`.
    public convenience init(boxes: [Box], format: BoxFormat = .xyxy, dtype: DType = .float32) {
        self.init(boxes.flatMap { $0.values(format) }, shape: [boxes.count, 4], dtype: dtype)
    }
}
