import Foundation

/// P04-E04 · Bilinear resizing with and without aligned corners. Docs/P04.md#p04-e04
///
/// One channel, row-major `image` of height × width, resized to toHeight × toWidth as
/// PyTorch's `F.interpolate(mode="bilinear")` does. Along each axis (n in, m out), output
/// index i reads the input at
///
///   alignCorners true:  x = i · (n − 1) / (m − 1)     (0 when m = 1): corner pixels' centres meet
///   alignCorners false: x = (i + 0.5) · n / m − 0.5, then max(x, 0): pixel areas meet
///
/// and mixes the two nearest inputs x₀ = ⌊x⌋ and x₁ = min(x₀ + 1, n − 1) by the fraction x − x₀.
public func bilinearResize(_ image: [Double], height: Int, width: Int, toHeight: Int, toWidth: Int, alignCorners: Bool) throws -> [Double] {
    precondition(image.count == height * width, "bilinearResize: \(image.count) values for \(height)×\(width)")
    // BEGIN SOLUTION
    func source(_ i: Int, _ n: Int, _ m: Int) -> (Int, Int, Double) {
        var x: Double
        if alignCorners { x = m > 1 ? Double(i) * Double(n - 1) / Double(m - 1) : 0 } else { x = max(0, (Double(i) + 0.5) * Double(n) / Double(m) - 0.5) }
        x = min(x, Double(n - 1))
        let x0 = Int(x.rounded(.down))
        return (x0, min(x0 + 1, n - 1), x - Double(x0))
    }
    var out = [Double](repeating: 0, count: toHeight * toWidth)
    for i in 0..<toHeight {
        let (y0, y1, fy) = source(i, height, toHeight)
        for j in 0..<toWidth {
            let (x0, x1, fx) = source(j, width, toWidth)
            let top = image[y0 * width + x0] * (1 - fx) + image[y0 * width + x1] * fx
            let bottom = image[y1 * width + x0] * (1 - fx) + image[y1 * width + x1] * fx
            out[i * toWidth + j] = top * (1 - fy) + bottom * fy
        }
    }
    return out
    // END SOLUTION
}
