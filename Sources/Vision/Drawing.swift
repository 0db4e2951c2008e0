import Plots
import Tensors

// Drawing detections and segmentations onto images, on the Plots canvas:
// load an image tensor into a canvas, draw boxes with labels and mask overlays,
// save it as PNG.
//
//     var canvas = Canvas(image: image)                   // [3, H, W] floats in [0, 1]
//     canvas.drawBox(Box(x1: 12, y1: 8, x2: 60, y2: 40), label: "car 0.91", color: .series(2))
//     canvas.overlayMask(predictedLabels, alpha: 0.4)       // [H, W] class indices
//     try canvas.write(to: "prediction.png")

extension Canvas {
    /// A canvas showing an image tensor: [3, H, W] (RGB) or [1, H, W] / [H, W] (grey).
    /// Floating-point values are read as intensities in [0, 1] (like torchvision's `ToTensor`),
    /// integer values as 0...255; both are clamped.
    public init(image: Tensor) {
        let grey = image.rank == 2 || (image.rank == 3 && image.shape[0] == 1)
        precondition(
            grey || (image.rank == 3 && image.shape[0] == 3),
            "Canvas(image:): expected an image of shape [3, H, W], [1, H, W] or [H, W], got \(image.shape)")
        let (height, width) = (image.shape[image.rank - 2], image.shape[image.rank - 1])
        self.init(width: width, height: height)
        let scale = image.dtype.isFloatingPoint ? 255.0 : 1.0
        let values = image.doubles.map { UInt8(Swift.min(Swift.max($0 * scale, 0), 255).rounded()) }
        let plane = width * height
        for y in 0..<height {
            for x in 0..<width {
                let p = y * width + x
                self[x, y] =
                    grey
                    ? Color(values[p], values[p], values[p])
                    : Color(values[p], values[plane + p], values[2 * plane + p])
            }
        }
    }

    /// The outline of `box` (pixel coordinates, xyxy), with an optional label on a filled tab
    /// above its top-left corner (inside the box when there is no room above).
    public mutating func drawBox(_ box: Box, label: String? = nil, color: Color = .series(0), thickness: Int = 2) {
        let (x1, y1) = (Int(box.x1.rounded()), Int(box.y1.rounded()))
        let rect = Rect(x: x1, y: y1, width: Swift.max(1, Int(box.x2.rounded()) - x1), height: Swift.max(1, Int(box.y2.rounded()) - y1))
        strokeRect(rect, color: color, thickness: thickness)
        guard let label, !label.isEmpty else { return }
        let tabHeight = Canvas.textHeight() + 2
        let tabY = rect.y - tabHeight >= 0 ? rect.y - tabHeight : rect.y
        fillRect(Rect(x: rect.x, y: tabY, width: Canvas.textWidth(label) + 4, height: tabHeight), color: color)
        drawText(label, x: rect.x + 2, y: tabY + 1, color: color.luma > 0.5 ? .black : .white)
    }

    /// Boxes [N, 4] (xyxy) with one label each (or none); box i takes `Color.series(classes[i])`
    /// when classes are given, else `Color.series(i)`.
    public mutating func drawBoxes(_ boxes: Tensor, labels: [String] = [], classes: [Int] = [], thickness: Int = 2) {
        let list = boxList(boxes)
        precondition(labels.isEmpty || labels.count == list.count, "drawBoxes: \(list.count) boxes but \(labels.count) labels")
        precondition(classes.isEmpty || classes.count == list.count, "drawBoxes: \(list.count) boxes but \(classes.count) classes")
        for (i, box) in list.enumerated() {
            drawBox(box, label: labels.isEmpty ? nil : labels[i], color: .series(classes.isEmpty ? i : classes[i]), thickness: thickness)
        }
    }

    /// Tints each pixel with the colour of its class in `labels` ([H, W] class indices, the canvas's
    /// size) at opacity `alpha`. Pixels of class `background` (0 by default; nil for none) stay as they are.
    public mutating func overlayMask(
        _ labels: Tensor, alpha: Double = 0.5, background: Int? = 0,
        colors: (Int) -> Color = Color.series
    ) {
        precondition(
            labels.shape == [height, width],
            "overlayMask: mask of shape \(labels.shape) does not fit a \(width)x\(height) canvas (expected [\(height), \(width)])")
        let classes = labels.ints
        for y in 0..<height {
            for x in 0..<width where classes[y * width + x] != background {
                blend(x: x, y: y, color: colors(classes[y * width + x]), alpha: alpha)
            }
        }
    }
}
