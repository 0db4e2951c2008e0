import DeepLearning
import Foundation

/// A detected text line: four corners (top-left, top-right, bottom-right, bottom-left) in the
/// original image's pixels, and the mean text probability inside the box before it was grown.
public struct TextBox: Equatable {
    public var corners: [Point]
    public var score: Double
}

/// Differentiable Binarization's inference step (PaddleOCR's `DBPostProcess`): from the
/// detector's text-probability map to boxes in the image.
///
/// 1. binarize the map at `threshold`;
/// 2. each connected region -> its minimum-area rectangle (skipped if its short side < 3 px);
/// 3. score = mean probability inside that rectangle; keep it if ≥ `boxThreshold`;
/// 4. grow the rectangle by D = area · `unclipRatio` / perimeter (the network was trained on
///    shrunk regions), take the grown shape's minimum-area rectangle again (≥ 5 px);
/// 5. scale to the original image, order the corners and clip them to the image.
public struct DBPostProcessor: Sendable {
    public var threshold = 0.3
    public var boxThreshold = 0.6
    public var unclipRatio = 1.5
    public var maxCandidates = 1000
    public var minSize = 3.0

    public init() {}

    /// Boxes for a `mapHeight`×`mapWidth` probability map computed on an image resized from
    /// `imageHeight`×`imageWidth`, in reading order.
    public func boxes(probability map: [Float], mapWidth: Int, mapHeight: Int, imageWidth: Int, imageHeight: Int) throws -> [TextBox] {
        let mask = map.map { Double($0) > threshold }
        var found: [TextBox] = []
        for region in connectedComponents(mask, width: mapWidth, height: mapHeight).prefix(maxCandidates) {
            let (box, side) = try minimumAreaRectangle(region.map { Point(Double($0.x), Double($0.y)) })
            guard side >= minSize else { continue }
            let score = meanInside(box, map, width: mapWidth, height: mapHeight)
            guard score >= boxThreshold else { continue }
            // pyclipper takes integer coordinates: it truncates the corners before offsetting.
            let integerBox = box.map { Point($0.x.rounded(.towardZero), $0.y.rounded(.towardZero)) }
            let grown = try offsetConvexPolygon(integerBox, distance: try unclipDistance(box, ratio: unclipRatio))
            guard !grown.isEmpty else { continue }
            let (expanded, grownSide) = try minimumAreaRectangle(grown.map { Point($0.x.rounded(), $0.y.rounded()) })
            guard grownSide >= minSize + 2 else { continue }
            let scaled = expanded.map { p in
                Point(
                    min(max((p.x / Double(mapWidth) * Double(imageWidth)).rounded(.toNearestOrEven), 0), Double(imageWidth)),
                    min(max((p.y / Double(mapHeight) * Double(imageHeight)).rounded(.toNearestOrEven), 0), Double(imageHeight)))
            }
            let corners = clockwiseFromTopLeft(scaled).map { p in
                Point(min(max(p.x, 0), Double(imageWidth - 1)).rounded(.towardZero), min(max(p.y, 0), Double(imageHeight - 1)).rounded(.towardZero))
            }
            guard Int(distance(corners[0], corners[1])) > 3, Int(distance(corners[0], corners[3])) > 3 else { continue }
            found.append(TextBox(corners: corners, score: score))
        }
        return try readingOrder(found.map(\.corners)).map { found[$0] }
    }

    /// The mean of `map` over the pixels whose centres lie in the box (or within half a pixel of it).
    func meanInside(_ box: [Point], _ map: [Float], width: Int, height: Int) -> Double {
        let xs = box.map(\.x), ys = box.map(\.y)
        let x0 = min(max(Int(xs.min()!.rounded(.down)), 0), width - 1), x1 = min(max(Int(xs.max()!.rounded(.up)), 0), width - 1)
        let y0 = min(max(Int(ys.min()!.rounded(.down)), 0), height - 1), y1 = min(max(Int(ys.max()!.rounded(.up)), 0), height - 1)
        let polygon = box.map { Point($0.x.rounded(.towardZero), $0.y.rounded(.towardZero)) }
        var sum = 0.0, count = 0
        for y in y0...y1 {
            for x in x0...x1 where isInside(Point(Double(x), Double(y)), polygon, margin: 0.5) {
                sum += Double(map[y * width + x])
                count += 1
            }
        }
        return count > 0 ? sum / Double(count) : 0
    }
}

func distance(_ a: Point, _ b: Point) -> Double { hypot(a.x - b.x, a.y - b.y) }

/// Whether `p` is inside the convex `polygon` or at most `margin` outside any of its edges.
func isInside(_ p: Point, _ polygon: [Point], margin: Double) -> Bool {
    var sign = 0.0
    for i in polygon.indices {
        let (a, b) = (polygon[i], polygon[(i + 1) % polygon.count])
        sign += a.x * b.y - b.x * a.y
    }
    for i in polygon.indices {
        let (a, b) = (polygon[i], polygon[(i + 1) % polygon.count])
        let length = distance(a, b)
        guard length > 0 else { continue }
        let outward = ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)) / length * (sign > 0 ? -1 : 1)
        if outward > margin { return false }
    }
    return true
}

/// Four corners as top-left, top-right, bottom-right, bottom-left (the imutils rule that
/// PaddleOCR uses): the two with the smallest x are the left ones, the upper of them first.
func clockwiseFromTopLeft(_ corners: [Point]) -> [Point] {
    let byX = corners.enumerated().sorted { $0.element.x != $1.element.x ? $0.element.x < $1.element.x : $0.offset < $1.offset }.map(\.element)
    let left = byX.prefix(2).sorted { $0.y < $1.y }, right = byX.suffix(2).sorted { $0.y < $1.y }
    return [left[0], right[0], right[1], left[1]]
}
