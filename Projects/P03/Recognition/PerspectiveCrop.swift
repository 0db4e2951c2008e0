import DeepLearning
import Foundation

/// Cuts a (possibly rotated or skewed) text line out of the image as an upright strip, as
/// PaddleOCR's `get_rotate_crop_image` does with OpenCV.
///
/// The strip is w × h with w = the longer of the top and bottom edges and h = the longer of the
/// left and right edges (truncated to whole pixels). A homography H maps the strip's corners
/// (0,0), (w,0), (w,h), (0,h) onto the box's corners; strip pixel (x, y) takes the image's value at
/// H(x, y), interpolated bicubically (a = −0.75, positions on a 1/32-pixel grid as OpenCV's
/// `warpPerspective`), with the border pixels repeated outside the image. A strip at least 1.5
/// times taller than wide is a vertical line: it is turned 90° counter-clockwise.
public func perspectiveCrop(_ image: BGRImage, corners: [Point]) -> BGRImage {
    precondition(corners.count == 4, "perspectiveCrop: a box has 4 corners, got \(corners.count)")
    let w = max(1, Int(max(distance(corners[0], corners[1]), distance(corners[2], corners[3]))))
    let h = max(1, Int(max(distance(corners[0], corners[3]), distance(corners[1], corners[2]))))
    let strip = [Point(0, 0), Point(Double(w), 0), Point(Double(w), Double(h)), Point(0, Double(h))]
    guard let H = homography(from: strip, to: corners) else { return BGRImage(width: w, height: h, pixels: [UInt8](repeating: 0, count: w * h * 3)) }
    var out = [UInt8](repeating: 0, count: w * h * 3)
    for y in 0..<h {
        for x in 0..<w {
            let (X, Y) = (Double(x), Double(y))
            let d = H[6] * X + H[7] * Y + H[8]
            let sx = d != 0 ? (H[0] * X + H[1] * Y + H[2]) / d : 0, sy = d != 0 ? (H[3] * X + H[4] * Y + H[5]) / d : 0
            let value = bicubic(image, x: (sx * 32).rounded() / 32, y: (sy * 32).rounded() / 32)
            for k in 0..<3 { out[(y * w + x) * 3 + k] = value[k] }
        }
    }
    let crop = BGRImage(width: w, height: h, pixels: out)
    return Double(h) / Double(w) >= 1.5 ? crop.rotatedCounterClockwise() : crop
}

/// The 3×3 homography (row-major, H[8] = 1) taking the four `source` points to `target`, from
/// the 8×8 linear system of the correspondences; nil when the points are degenerate.
func homography(from source: [Point], to target: [Point]) -> [Double]? {
    var a = [[Double]](), b = [Double]()
    for (s, t) in zip(source, target) {
        a.append([s.x, s.y, 1, 0, 0, 0, -s.x * t.x, -s.y * t.x]); b.append(t.x)
        a.append([0, 0, 0, s.x, s.y, 1, -s.x * t.y, -s.y * t.y]); b.append(t.y)
    }
    // Gaussian elimination with partial pivoting.
    for col in 0..<8 {
        let pivot = (col..<8).max { abs(a[$0][col]) < abs(a[$1][col]) }!
        guard abs(a[pivot][col]) > 1e-12 else { return nil }
        a.swapAt(col, pivot); b.swapAt(col, pivot)
        for row in 0..<8 where row != col {
            let f = a[row][col] / a[col][col]
            guard f != 0 else { continue }
            for k in col..<8 { a[row][k] -= f * a[col][k] }
            b[row] -= f * b[col]
        }
    }
    return (0..<8).map { b[$0] / a[$0][$0] } + [1]
}

/// The three channels at (x, y) by bicubic convolution (Keys, a = −0.75) over the 4×4 neighbours,
/// the image's border repeated outside it, rounded and saturated to a byte.
func bicubic(_ image: BGRImage, x: Double, y: Double) -> [UInt8] {
    func weights(_ t: Double) -> [Double] {
        let a = -0.75
        func near(_ d: Double) -> Double { ((a + 2) * d - (a + 3)) * d * d + 1 }
        func far(_ d: Double) -> Double { ((a * d - 5 * a) * d + 8 * a) * d - 4 * a }
        return [far(1 + t), near(t), near(1 - t), far(2 - t)]
    }
    let (x0, y0) = (Int(x.rounded(.down)), Int(y.rounded(.down)))
    let wx = weights(x - Double(x0)), wy = weights(y - Double(y0))
    var sums = [0.0, 0.0, 0.0]
    for j in 0..<4 {
        let row = min(max(y0 - 1 + j, 0), image.height - 1)
        for i in 0..<4 {
            let col = min(max(x0 - 1 + i, 0), image.width - 1)
            let w = wx[i] * wy[j], base = (row * image.width + col) * 3
            for k in 0..<3 { sums[k] += w * Double(image.pixels[base + k]) }
        }
    }
    return sums.map { UInt8(min(255, max(0, $0.rounded()))) }
}
