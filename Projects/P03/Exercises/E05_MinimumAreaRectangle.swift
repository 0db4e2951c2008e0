import DeepLearning
import Foundation

/// P03-E05 · The minimum-area rectangle around a text region (OpenCV's `minAreaRect`). Docs/P03.md#p03-e05
///
/// The smallest rectangle (any rotation) that holds every point has one side on an edge of the
/// points' convex hull (Freeman and Shapira, 1975). For each hull edge, measure the hull along the
/// edge's direction u and its normal v: the rectangle spans [min, max] of the projections p·u and
/// p·v; keep the edge whose rectangle has the least area (the first such edge on a tie).
///
/// Return its four corners in PaddleOCR's order (`get_mini_boxes`): sort the corners by x; of the
/// two left ones the one with the smaller y is the top-left (the second of them on a tie), the
/// other the bottom-left; the same on the right. Order: top-left, top-right, bottom-right,
/// bottom-left. Also return the shorter side. `convexHull(_:)` is given (Geometry/ConvexHull.swift).
/// One point gives four equal corners and side 0; all points on a line give side 0.
public func minimumAreaRectangle(_ points: [Point]) throws -> (corners: [Point], shortSide: Double) {
    precondition(!points.isEmpty, "minimumAreaRectangle: no points")
    // BEGIN SOLUTION
    let hull = convexHull(points)
    var best: (area: Double, corners: [Point], sides: (Double, Double))?
    for i in hull.indices {
        let (a, b) = (hull[i], hull[(i + 1) % hull.count])
        let length = hypot(b.x - a.x, b.y - a.y)
        let u = length > 0 ? Point((b.x - a.x) / length, (b.y - a.y) / length) : Point(1, 0)
        let v = Point(-u.y, u.x)
        let alongU = hull.map { $0.x * u.x + $0.y * u.y }, alongV = hull.map { $0.x * v.x + $0.y * v.y }
        let (u0, u1, v0, v1) = (alongU.min()!, alongU.max()!, alongV.min()!, alongV.max()!)
        let area = (u1 - u0) * (v1 - v0)
        if best == nil || area < best!.area {
            let corner = { (s: Double, t: Double) in Point(s * u.x + t * v.x, s * u.y + t * v.y) }
            best = (area, [corner(u0, v0), corner(u1, v0), corner(u1, v1), corner(u0, v1)], (u1 - u0, v1 - v0))
        }
    }
    let sorted = best!.corners.sorted { $0.x < $1.x }
    let (topLeft, bottomLeft) = sorted[1].y > sorted[0].y ? (sorted[0], sorted[1]) : (sorted[1], sorted[0])
    let (topRight, bottomRight) = sorted[3].y > sorted[2].y ? (sorted[2], sorted[3]) : (sorted[3], sorted[2])
    return ([topLeft, topRight, bottomRight, bottomLeft], min(best!.sides.0, best!.sides.1))
    // END SOLUTION
}
