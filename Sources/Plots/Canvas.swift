import ImageFiles
import Foundation

/// A point in pixel coordinates: x to the right, y down, (0, 0) the top-left corner.
public struct Point: Equatable {
    public var x: Double, y: Double
    public init(_ x: Double, _ y: Double) { (self.x, self.y) = (x, y) }
}

/// A rectangle in pixel coordinates.
public struct Rect: Equatable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) { (self.x, self.y, self.width, self.height) = (x, y, width, height) }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
}

/// How text is placed relative to the point it is drawn at.
public enum TextAnchor { case left, center, right }

/// An RGB raster to draw on, saved as PNG. Drawing outside the canvas is clipped.
///
/// ```swift
/// var canvas = Canvas(width: 200, height: 100)
/// canvas.fillRect(Rect(x: 10, y: 10, width: 50, height: 30), color: .series(0))
/// canvas.drawLine(from: Point(0, 99), to: Point(199, 0), color: .black)
/// canvas.drawText("hello", x: 100, y: 45, anchor: .center)
/// try canvas.write(to: "hello.png")
/// ```
public struct Canvas {
    public let width: Int
    public let height: Int
    /// `height * width * 3` bytes, row by row.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, background: Color = .white) {
        precondition(width > 0 && height > 0, "Canvas: size \(width)x\(height) must be positive")
        (self.width, self.height) = (width, height)
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for p in 0..<width * height { (pixels[3 * p], pixels[3 * p + 1], pixels[3 * p + 2]) = (background.r, background.g, background.b) }
    }

    /// The pixel at (x, y); setting a pixel outside the canvas does nothing.
    public subscript(x: Int, y: Int) -> Color {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "Canvas: pixel (\(x), \(y)) is outside \(width)x\(height)")
            let i = 3 * (y * width + x)
            return Color(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set { blend(x: x, y: y, color: newValue, alpha: 1) }
    }

    /// Mixes `color` into the pixel at (x, y) with opacity `alpha` in [0, 1].
    public mutating func blend(x: Int, y: Int, color: Color, alpha: Double) {
        guard x >= 0 && x < width && y >= 0 && y < height && alpha > 0 else { return }
        let i = 3 * (y * width + x)
        let mixed = Color(pixels[i], pixels[i + 1], pixels[i + 2]).mixed(with: color, Swift.min(alpha, 1))
        (pixels[i], pixels[i + 1], pixels[i + 2]) = (mixed.r, mixed.g, mixed.b)
    }

    // MARK: Shapes

    public mutating func fillRect(_ rect: Rect, color: Color) {
        // Clipped to the canvas; a rectangle wholly outside it draws nothing.
        let (x0, x1) = (Swift.max(0, rect.x), Swift.min(width, rect.maxX)), (y0, y1) = (Swift.max(0, rect.y), Swift.min(height, rect.maxY))
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { self[x, y] = color }
        }
    }

    /// The outline of `rect`, drawn just inside it.
    public mutating func strokeRect(_ rect: Rect, color: Color, thickness: Int = 1) {
        let t = Swift.min(thickness, rect.width, rect.height)
        fillRect(Rect(x: rect.x, y: rect.y, width: rect.width, height: t), color: color)
        fillRect(Rect(x: rect.x, y: rect.maxY - t, width: rect.width, height: t), color: color)
        fillRect(Rect(x: rect.x, y: rect.y, width: t, height: rect.height), color: color)
        fillRect(Rect(x: rect.maxX - t, y: rect.y, width: t, height: rect.height), color: color)
    }

    /// A filled disc, anti-aliased at its rim.
    public mutating func fillCircle(center: Point, radius: Double, color: Color) {
        for y in Int((center.y - radius).rounded(.down))...Int((center.y + radius).rounded(.up)) {
            for x in Int((center.x - radius).rounded(.down))...Int((center.x + radius).rounded(.up)) {
                let distance = ((Double(x) - center.x) * (Double(x) - center.x) + (Double(y) - center.y) * (Double(y) - center.y)).squareRoot()
                blend(x: x, y: y, color: color, alpha: radius + 0.5 - distance)
            }
        }
    }

    /// A straight line. `antialiased` blends the edge pixels (Xiaolin Wu's algorithm);
    /// otherwise pixels are either set or not (Bresenham). Thicker lines are parallel strokes.
    public mutating func drawLine(from a: Point, to b: Point, color: Color, thickness: Int = 1, antialiased: Bool = true) {
        let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
        let (nx, ny) = length > 0 ? (-(b.y - a.y) / length, (b.x - a.x) / length) : (0, 0)
        for k in 0..<Swift.max(1, thickness) {
            let offset = Double(k) - Double(thickness - 1) / 2
            let (p, q) = (Point(a.x + nx * offset, a.y + ny * offset), Point(b.x + nx * offset, b.y + ny * offset))
            if antialiased { wuLine(p, q, color) } else { bresenhamLine(p, q, color) }
        }
    }

    /// A polyline through `points`; a `nil` point breaks it.
    public mutating func drawPolyline(_ points: [Point?], color: Color, thickness: Int = 1, antialiased: Bool = true) {
        for (p, q) in zip(points, points.dropFirst()) {
            if let p, let q { drawLine(from: p, to: q, color: color, thickness: thickness, antialiased: antialiased) }
        }
    }

    private mutating func bresenhamLine(_ a: Point, _ b: Point, _ color: Color) {
        var (x, y) = (Int(a.x.rounded()), Int(a.y.rounded()))
        let (x1, y1) = (Int(b.x.rounded()), Int(b.y.rounded()))
        let (dx, dy) = (abs(x1 - x), -abs(y1 - y))
        let (sx, sy) = (x < x1 ? 1 : -1, y < y1 ? 1 : -1)
        var error = dx + dy
        while true {
            self[x, y] = color
            if x == x1 && y == y1 { return }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    private mutating func wuLine(_ a: Point, _ b: Point, _ color: Color) {
        // Walk along the major axis; split each step's coverage between the two nearest pixels.
        let steep = abs(b.y - a.y) > abs(b.x - a.x)
        var (x0, y0, x1, y1) = steep ? (a.y, a.x, b.y, b.x) : (a.x, a.y, b.x, b.y)
        if x0 > x1 { (x0, x1, y0, y1) = (x1, x0, y1, y0) }
        let gradient = x1 - x0 == 0 ? 0 : (y1 - y0) / (x1 - x0)
        for x in Int(x0.rounded())...Int(x1.rounded()) {
            let y = y0 + gradient * (Double(x) - x0)
            let (base, fraction) = (Int(y.rounded(.down)), y - y.rounded(.down))
            for (v, alpha) in [(base, 1 - fraction), (base + 1, fraction)] {
                if steep { blend(x: v, y: x, color: color, alpha: alpha) } else { blend(x: x, y: v, color: color, alpha: alpha) }
            }
        }
    }

    // MARK: Text

    /// Height of a line of text at `scale`.
    public static func textHeight(scale: Int = 1) -> Int { Font6x10.height * scale }
    /// Width of `text` at `scale`.
    public static func textWidth(_ text: String, scale: Int = 1) -> Int {
        if let font = OutlineFont.forText(text, scale: scale) { return font.width(text) }
        return text.count * Font6x10.width * scale
    }

    /// Draws `text` in the built-in 6x10 font. `y` is the top of the line; `anchor`
    /// says whether `x` is the left end, centre or right end. `rotated` text runs
    /// upwards (for a y-axis label) and is centred on (x, y). Text with characters
    /// beyond printable ASCII (Chinese, say) is drawn from a CJK font through
    /// FreeType when one is installed (`OutlineFont`); otherwise those characters show as "?".
    public mutating func drawText(
        _ text: String, x: Int, y: Int, color: Color = .black, scale: Int = 1,
        anchor: TextAnchor = .left, rotated: Bool = false
    ) {
        let length = Canvas.textWidth(text, scale: scale)
        let start = anchor == .left ? 0 : anchor == .center ? -length / 2 : -length
        if let font = OutlineFont.forText(text, scale: scale) {
            drawText(text, font: font, x: x, y: y, start: start, color: color, scale: scale, rotated: rotated)
            return
        }
        for (i, character) in text.enumerated() {
            let code = character.asciiValue.map(Int.init).flatMap { (32...126).contains($0) ? $0 : nil } ?? 63
            for row in 0..<Font6x10.height {
                let bits = Font6x10.rows[(code - Font6x10.firstCharacter) * Font6x10.height + row]
                for column in 0..<Font6x10.width where bits & (0x80 >> UInt8(column)) != 0 {
                    // (u, v): position along and across the line of text, in pixels.
                    let u = start + (i * Font6x10.width + column) * scale, v = row * scale
                    let (px, py) = rotated ? (x + v - Canvas.textHeight(scale: scale) / 2, y - u) : (x + u, y + v)
                    fillRect(Rect(x: px, y: py, width: scale, height: scale), color: color)
                }
            }
        }
    }

    /// `text` from an outline font, on the line the bitmap font would use: the
    /// glyphs sit on a baseline `font.ascender` below `y` and are blended by their coverage.
    private mutating func drawText(
        _ text: String, font: OutlineFont, x: Int, y: Int, start: Int, color: Color,
        scale: Int, rotated: Bool
    ) {
        let lineTop = (Canvas.textHeight(scale: scale) - font.pixelSize) / 2
        var pen = start
        for scalar in text.unicodeScalars {
            guard let glyph = font.glyph(scalar) else { continue }
            for row in 0..<glyph.rows {
                for column in 0..<glyph.width {
                    let alpha = glyph.coverage[row * glyph.width + column]
                    guard alpha > 0 else { continue }
                    // (u, v): position along and across the line of text, in pixels.
                    let u = pen + glyph.left + column, v = lineTop + font.ascender - glyph.top + row
                    let (px, py) = rotated ? (x + v - Canvas.textHeight(scale: scale) / 2, y - u) : (x + u, y + v)
                    blend(x: px, y: py, color: color, alpha: Double(alpha) / 255)
                }
            }
            pen += glyph.advance
        }
    }

    // MARK: Output

    /// The canvas as an RGB image.
    public var image: PNGImage { PNGImage(width: width, height: height, channels: 3, pixels: pixels) }

    /// Saves the canvas as a PNG file (atomically).
    public func write(to url: URL) throws { try image.write(to: url) }
}
