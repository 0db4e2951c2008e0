import DeepLearning

/// The convex hull of `points` by Andrew's monotone chain, with a positive shoelace sum (clockwise
/// on screen, where y points down), as a list of vertices without repeats; collinear points on an edge are dropped.
/// One distinct point gives one vertex, points on a line give the two ends.
public func convexHull(_ points: [Point]) -> [Point] {
    let sorted = points.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
    var unique: [Point] = []
    for p in sorted where unique.last != p { unique.append(p) }
    guard unique.count > 2 else { return unique }
    func cross(_ o: Point, _ a: Point, _ b: Point) -> Double { (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x) }
    var lower: [Point] = [], upper: [Point] = []
    for p in unique {
        while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
        lower.append(p)
    }
    for p in unique.reversed() {
        while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
        upper.append(p)
    }
    return Array(lower.dropLast() + upper.dropLast())
}
