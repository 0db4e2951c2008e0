/// An 8-bit RGB colour.
public struct Color: Equatable, Hashable, Sendable {
    public var r: UInt8, g: UInt8, b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { (self.r, self.g, self.b) = (r, g, b) }

    /// A colour from a 24-bit hex value: `Color(hex: 0x1F77B4)`.
    public init(hex: UInt32) {
        self.init(UInt8(hex >> 16 & 0xFF), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF))
    }

    public static let black = Color(0, 0, 0)
    public static let white = Color(255, 255, 255)
    public static let grey = Color(128, 128, 128)
    public static let lightGrey = Color(225, 225, 225)

    /// matplotlib's "tab10" colours, used in turn for series and classes.
    public static let palette: [Color] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
        0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map(Color.init(hex:))

    /// The `i`-th palette colour (wrapping around).
    public static func series(_ i: Int) -> Color { palette[((i % palette.count) + palette.count) % palette.count] }

    /// `self` moved toward `other` by `t` in [0, 1].
    public func mixed(with other: Color, _ t: Double) -> Color {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return Color(mix(r, other.r), mix(g, other.g), mix(b, other.b))
    }

    /// Perceived brightness in [0, 1] (ITU-R BT.601 weights).
    public var luma: Double { (0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)) / 255 }
}

/// A map from [0, 1] to colours, interpolated between evenly spaced stops.
public struct ColorMap: Sendable {
    public let stops: [Color]

    public init(stops: [Color]) {
        precondition(stops.count >= 2, "ColorMap: needs at least two colours, got \(stops.count)")
        self.stops = stops
    }

    /// The colour at `t` (clamped to [0, 1]; NaN maps to the first stop).
    public func color(at t: Double) -> Color {
        let t = t.isNaN ? 0 : Swift.min(Swift.max(t, 0), 1)
        let position = t * Double(stops.count - 1)
        let i = Swift.min(Int(position), stops.count - 2)
        return stops[i].mixed(with: stops[i + 1], position - Double(i))
    }

    /// Perceptually uniform, dark blue to yellow (matplotlib's default).
    public static let viridis = ColorMap(
        stops: [
            0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C,
            0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
        ].map(Color.init(hex:)))
    /// White to dark blue, good for counts such as confusion matrices.
    public static let blues = ColorMap(
        stops: [
            0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6,
            0x4292C6, 0x2171B5, 0x08519C, 0x08306B,
        ].map(Color.init(hex:)))
    /// Black to white.
    public static let grey = ColorMap(stops: [.black, .white])
}
