/// IEEE float16 and bfloat16, the 16-bit formats of checkpoints, to and from `Float`.
/// Written with bit operations so that every platform reads them the same way
/// (Swift's `Float16` type is missing on Intel Macs).
public enum HalfPrecision {
    /// float16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
    public static func float(fromHalf bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1f
        let fraction = UInt32(bits & 0x3ff)
        switch exponent {
        case 0:  // zero or subnormal: fraction · 2⁻²⁴
            let magnitude = Float(fraction) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1f:  // infinity or NaN
            return Float(bitPattern: sign | 0x7f80_0000 | fraction << 13)
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | fraction << 13)
        }
    }

    /// The nearest float16 (ties to even); values beyond 65504 become infinity.
    public static func half(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        if value.isNaN { return sign | 0x7e00 }
        let magnitude = abs(value)
        if magnitude >= 65520 { return sign | 0x7c00 }  // rounds past the largest float16
        if magnitude < 0x1p-14 {  // subnormal float16: multiples of 2⁻²⁴
            return sign | UInt16((magnitude * 0x1p24).rounded(.toNearestOrEven))
        }
        let exponent = Int((bits >> 23) & 0xff) - 127 + 15
        var fraction = (bits & 0x7f_ffff) >> 13
        let rest = bits & 0x1fff
        var result = UInt32(exponent) << 10 | fraction
        if rest > 0x1000 || (rest == 0x1000 && fraction & 1 == 1) { result += 1 }  // carries into the exponent correctly
        fraction = result
        return sign | UInt16(fraction)
    }

    /// bfloat16 is the top half of a float32.
    public static func float(fromBFloat16 bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// The nearest bfloat16 (ties to even).
    public static func bfloat16(from value: Float) -> UInt16 {
        if value.isNaN { return UInt16(value.bitPattern >> 16) | 0x40 }
        let bits = value.bitPattern
        let rounding = 0x7fff + ((bits >> 16) & 1)
        return UInt16((bits &+ rounding) >> 16)
    }
}
