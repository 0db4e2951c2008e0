import Foundation

/// How the four numbers of a box are laid out, as in `torchvision.ops.box_convert`.
///
/// - `xyxy`: corners `(x1, y1, x2, y2)`, top-left and bottom-right (the format every op here expects).
/// - `xywh`: top-left corner and size `(x1, y1, w, h)`, as COCO annotations.
/// - `cxcywh`: centre and size `(cx, cy, w, h)`, as YOLO labels and DETR outputs.
public enum BoxFormat: String, Sendable, CaseIterable {
    case xyxy, xywh, cxcywh
}

/// One axis-aligned box in corner form, for code that handles boxes one at a time
/// (datasets, metrics, drawing). Batched, differentiable work uses `[N, 4]` tensors.
///
/// ```swift
/// let a = Box(x: 10, y: 20, width: 30, height: 40)      // from COCO's xywh
/// a.values(.cxcywh)                                      // [25, 40, 30, 40]
/// a.iou(Box(x1: 10, y1: 20, x2: 25, y2: 60))             // 0.5
/// ```
public struct Box: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var x1, y1, x2, y2: Double

    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        (self.x1, self.y1, self.x2, self.y2) = (x1, y1, x2, y2)
    }

    /// A box from its top-left corner and size (`xywh`).
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.init(x1: x, y1: y, x2: x + width, y2: y + height)
    }

    /// A box from its centre and size (`cxcywh`).
    public init(centerX: Double, centerY: Double, width: Double, height: Double) {
        self.init(x1: centerX - width / 2, y1: centerY - height / 2, x2: centerX + width / 2, y2: centerY + height / 2)
    }

    /// A box from four numbers in `format`.
    public init(_ values: [Double], format: BoxFormat = .xyxy) {
        precondition(values.count == 4, "Box: expected 4 values, got \(values.count)")
        let (a, b, c, d) = (values[0], values[1], values[2], values[3])
        switch format {
        case .xyxy: self.init(x1: a, y1: b, x2: c, y2: d)
        case .xywh: self.init(x: a, y: b, width: c, height: d)
        case .cxcywh: self.init(centerX: a, centerY: b, width: c, height: d)
        }
    }

    /// The four numbers of this box in `format`.
    public func values(_ format: BoxFormat = .xyxy) -> [Double] {
        switch format {
        case .xyxy: return [x1, y1, x2, y2]
        case .xywh: return [x1, y1, width, height]
        case .cxcywh: return [centerX, centerY, width, height]
        }
    }

    public var width: Double { x2 - x1 }
    public var height: Double { y2 - y1 }
    public var centerX: Double { (x1 + x2) / 2 }
    public var centerY: Double { (y1 + y2) / 2 }
    /// Width times height (negative sizes are not clamped, as `torchvision.ops.box_area`).
    public var area: Double { width * height }

    /// The box limited to the image `[0, width] x [0, height]` (`clip_boxes_to_image`).
    public func clipped(width w: Double, height h: Double) -> Box {
        func clip(_ v: Double, _ hi: Double) -> Double { Swift.min(Swift.max(v, 0), hi) }
        return Box(x1: clip(x1, w), y1: clip(y1, h), x2: clip(x2, w), y2: clip(y2, h))
    }

    /// Area of the overlap with `other` (0 when they do not overlap).
    public func intersectionArea(_ other: Box) -> Double {
        let w = Swift.max(0, Swift.min(x2, other.x2) - Swift.max(x1, other.x1))
        let h = Swift.max(0, Swift.min(y2, other.y2) - Swift.max(y1, other.y1))
        return w * h
    }

    /// Intersection over union. Two empty boxes give NaN (0/0), as torchvision's `box_iou`.
    public func iou(_ other: Box) -> Double {
        let inter = intersectionArea(other)
        return inter / (area + other.area - inter)
    }

    public var description: String { "Box(x1: \(x1), y1: \(y1), x2: \(x2), y2: \(y2))" }
}
