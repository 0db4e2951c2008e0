import Foundation
import Tensors

/// A positive real factor held as a Q31 integer and a power of two, `real ≈ multiplier · 2^(shift − 31)`,
/// so that requantization needs integer arithmetic only (gemmlowp's and TFLite's `QuantizeMultiplier`).
public struct QuantizedMultiplier: Codable, Equatable, Sendable {
    /// The significand in [2^30, 2^31), or 0 for a zero factor.
    public let multiplier: Int32
    /// The exponent: positive shifts left before the multiplication, negative round-shifts right after.
    public let shift: Int32

    public init(multiplier: Int32, shift: Int32) { (self.multiplier, self.shift) = (multiplier, shift) }

    /// TFLite's `QuantizeMultiplier(double, int32_t*, int*)`: `frexp`, then the significand rounded
    /// half away from zero to Q31; a significand that rounds up to 2^31 halves and bumps the exponent.
    public init(_ real: Double) {
        ExerciseTwins.called("QuantizedMultiplier", twinOf: ["P01-E06"])
        precondition(real >= 0 && real.isFinite, "QuantizedMultiplier: expected a finite non-negative factor, got \(real)")
        guard real > 0 else { self.init(multiplier: 0, shift: 0); return }
        let (fraction, exponent) = (real.significand / 2, Int(real.exponent) + 1)  // frexp: fraction in [0.5, 1)
        var q = Int64((fraction * Double(1 << 31)).rounded(.toNearestOrAwayFromZero))
        var shift = exponent
        if q == 1 << 31 { q /= 2; shift += 1 }
        if shift < -31 { (q, shift) = (0, 0) }
        if shift > 30 { (q, shift) = (Int64(Int32.max), 30) }
        self.init(multiplier: Int32(q), shift: Int32(shift))
    }

    /// The factor this stands for, `multiplier · 2^(shift − 31)`.
    public var real: Double { Double(multiplier) * pow(2, Double(shift) - 31) }
}

/// gemmlowp's fixed-point primitives, bit for bit.
public enum FixedPoint {
    /// `SaturatingRoundingDoublingHighMul`: the high 32 bits of 2·a·b, rounded to nearest
    /// (ties upward: gemmlowp's nudge of ±2^30 before a truncating division); the one
    /// overflowing case, a = b = Int32.min, saturates.
    @inline(__always)
    public static func doublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == .min && b == .min { return .max }
        let ab = Int64(a) * Int64(b)
        let nudge: Int64 = ab >= 0 ? 1 << 30 : 1 - (1 << 30)
        return Int32((ab + nudge) / (1 << 31))  // Swift's `/`, like C's, truncates toward zero
    }

    /// `RoundingDivideByPOT`: x / 2^exponent rounded to nearest, ties away from zero.
    @inline(__always)
    public static func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
        precondition(exponent >= 0 && exponent <= 31, "roundingDivideByPOT: exponent \(exponent) outside 0...31")
        let mask = Int32(truncatingIfNeeded: (Int64(1) << exponent) - 1)
        let remainder = x & mask
        let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
        return (x >> exponent) + (remainder > threshold ? 1 : 0)
    }

    /// TFLite's `MultiplyByQuantizedMultiplier`: x · multiplier · 2^(shift − 31), rounded.
    @inline(__always)
    public static func multiply(_ x: Int32, by m: QuantizedMultiplier) -> Int32 {
        let left = max(m.shift, 0), right = max(-m.shift, 0)
        return roundingDivideByPOT(doublingHighMul(x &<< left, m.multiplier), right)
    }
}
