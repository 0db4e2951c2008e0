import DeepLearning
import Foundation

/// P03-E03 · Growing a text region back: the DB "unclip" of a convex polygon. Docs/P03.md#p03-e03
///
/// DB predicts text regions shrunk during training; at inference each box grows by
/// D = A · r / L (area A, perimeter L, unclip ratio r) in every direction, the way Clipper's
/// `ClipperOffset` does with round joins (PaddleOCR calls it through pyclipper).
///
/// `unclipDistance`: D for `polygon` (shoelace area, absolute value) and `ratio`.
///
/// `offsetConvexPolygon`: the polygon pushed out by `distance`. Orient it first so that its
/// shoelace sum Σ (xᵢyᵢ₊₁ − xᵢ₊₁yᵢ) is positive (reverse it otherwise); then edge i, from pᵢ to
/// pᵢ₊₁ with direction (dx, dy) / length, has outward normal nᵢ = (dy, −dx). For each vertex pᵢ,
/// in order, emit the arc pᵢ + D·(cos θ, sin θ) from the angle of nᵢ₋₁ to the angle of nᵢ
/// (the angle grows; both ends included), in steps of at most 2π / n where
/// n = max(3, ⌈π / acos(1 − tolerance / D)⌉) (evenly spaced between the two ends). A polygon of
/// fewer than 3 points or zero area gives []; a distance of 0 gives the polygon back, a negative
/// one (shrinking, which needs edge clipping) gives [].
public func unclipDistance(_ polygon: [Point], ratio: Double) throws -> Double {
    // BEGIN SOLUTION
    var twiceArea = 0.0, perimeter = 0.0
    for (i, p) in polygon.enumerated() {
        let q = polygon[(i + 1) % polygon.count]
        twiceArea += p.x * q.y - q.x * p.y
        perimeter += hypot(q.x - p.x, q.y - p.y)
    }
    return perimeter > 0 ? abs(twiceArea) / 2 * ratio / perimeter : 0
    // END SOLUTION
}

public func offsetConvexPolygon(_ polygon: [Point], distance: Double, arcTolerance: Double = 0.25) throws -> [Point] {
    // BEGIN SOLUTION
    guard polygon.count >= 3, distance > 0 else { return distance == 0 ? polygon : [] }
    var shoelace = 0.0
    for (i, p) in polygon.enumerated() {
        let q = polygon[(i + 1) % polygon.count]
        shoelace += p.x * q.y - q.x * p.y
    }
    guard shoelace != 0 else { return [] }
    let ring = shoelace > 0 ? polygon : polygon.reversed()
    let normalAngles: [Double] = ring.indices.map { i in
        let (p, q) = (ring[i], ring[(i + 1) % ring.count])
        return atan2(-(q.x - p.x), q.y - p.y)
    }
    let stepsPerTurn = max(3.0, (Double.pi / acos(1 - min(arcTolerance, distance) / distance)).rounded(.up))
    var out: [Point] = []
    for i in ring.indices {
        let from = normalAngles[(i + ring.count - 1) % ring.count]
        var sweep = normalAngles[i] - from
        while sweep < 0 { sweep += 2 * Double.pi }
        let steps = max(1, Int((sweep / (2 * Double.pi) * stepsPerTurn).rounded(.up)))
        for k in 0...steps {
            let angle = from + sweep * Double(k) / Double(steps)
            out.append(Point(ring[i].x + distance * cos(angle), ring[i].y + distance * sin(angle)))
        }
    }
    return out
    // END SOLUTION
}
