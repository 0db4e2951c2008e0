import Foundation

/// Tick positions that people like to read: multiples of 1, 2 or 5 times a power of ten.
enum Ticks {
    /// About `target` round values covering `low...high`, with labels.
    static func linear(_ low: Double, _ high: Double, target: Int = 6) -> [(value: Double, label: String)] {
        guard high > low else { return [(low, format(low, step: 1))] }
        // Of the round steps near the rough one, take the one whose tick count is closest to the target.
        let rough = niceStep((high - low) / Double(max(1, target - 1)))
        func count(_ step: Double) -> Int { Int((high / step).rounded(.down) - (low / step).rounded(.up)) + 1 }
        let step = [rough / 5, rough / 2, rough, rough * 2, rough * 5].map { niceStep($0 * 0.999) }
            .min { abs(count($0) - target) < abs(count($1) - target) }!
        let first = (low / step).rounded(.up), last = (high / step).rounded(.down)
        return stride(from: first, through: last, by: 1).map { k in
            let value = k * step
            return (value, format(value, step: step))
        }
    }

    /// Powers of ten inside `low...high` (both > 0); with fewer than two, also 2x and 5x.
    static func logarithmic(_ low: Double, _ high: Double) -> [(value: Double, label: String)] {
        let powers = Int(log10(low).rounded(.up))...Int(log10(high).rounded(.down))
        var values = powers.map { pow(10, Double($0)) }
        if values.count < 2 {
            let decades = Int(log10(low).rounded(.down))...Int(log10(high).rounded(.up))
            values = decades.flatMap { d in [1.0, 2, 5].map { $0 * pow(10, Double(d)) } }.filter { $0 >= low && $0 <= high }
        }
        return values.map { ($0, format($0, step: $0)) }
    }

    /// The range widened to whole steps, so the data does not touch the frame.
    static func niceRange(_ low: Double, _ high: Double, target: Int = 6) -> (Double, Double) {
        guard high > low else { return low == 0 ? (-1, 1) : (low - abs(low) / 2, high + abs(high) / 2) }
        let step = niceStep((high - low) / Double(max(1, target - 1)))
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
    }

    static func niceStep(_ rough: Double) -> Double {
        let magnitude = pow(10, log10(rough).rounded(.down))
        let fraction = rough / magnitude
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
    }

    /// A value with as many decimals as its step needs; very large or small ones in
    /// short %g form; values below a thousandth of the step (rounding residue) as "0".
    static func format(_ value: Double, step: Double) -> String {
        if value == 0 || abs(value) < abs(step) * 1e-3 { return "0" }
        if abs(value) >= 1e5 || abs(value) < 1e-3 { return String(format: "%.3g", value) }
        let decimals = max(0, Int((-log10(step)).rounded(.up)))
        return String(format: "%.\(decimals)f", value)
    }
}
