import Foundation

/// P02-E02 · Complete IoU, the box loss of YOLO11. Docs/P02.md#p02-e02
///
/// CIoU of two xyxy boxes as ultralytics' `bbox_iou(..., CIoU=True)` computes it, with
/// ε = `eps` where it puts it:
///   w = x2 − x1, h = y2 − y1 + ε (each box)
///   IoU = inter / (w₁h₁ + w₂h₂ − inter + ε)
///   c² = (enclosing width)² + (enclosing height)² + ε
///   ρ² = squared distance between the centres
///   v = 4/π² · (atan(w₂/h₂) − atan(w₁/h₁))²,   α = v / (v − IoU + 1 + ε)
///   CIoU = IoU − (ρ²/c² + α·v)
public func completeIoU(_ a: [Double], _ b: [Double], eps: Double = 1e-7) throws -> Double {
    precondition(a.count == 4 && b.count == 4, "completeIoU: boxes need 4 numbers each")
    // BEGIN SOLUTION
    let (w1, h1) = (a[2] - a[0], a[3] - a[1] + eps)
    let (w2, h2) = (b[2] - b[0], b[3] - b[1] + eps)
    let overlapW = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    let overlapH = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    let inter = overlapW * overlapH
    let iou = inter / (w1 * h1 + w2 * h2 - inter + eps)
    let cw = max(a[2], b[2]) - min(a[0], b[0]), ch = max(a[3], b[3]) - min(a[1], b[1])
    let diagonal = cw * cw + ch * ch + eps
    let dx = (b[0] + b[2] - a[0] - a[2]) / 2, dy = (b[1] + b[3] - a[1] - a[3]) / 2
    let v = 4 / (Double.pi * Double.pi) * pow(atan(w2 / h2) - atan(w1 / h1), 2)
    let alpha = v / (v - iou + 1 + eps)
    return iou - ((dx * dx + dy * dy) / diagonal + alpha * v)
    // END SOLUTION
}
