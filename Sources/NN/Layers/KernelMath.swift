import Foundation
import Tensors

// exp, tanh and σ for the fused kernels (recurrent scan, attention softmax), in the
// tensor's own precision. The float32 versions avoid library calls so that loops over
// them vectorise; the float64 ones are libm's, exact for gradient checks.

/// Elementwise functions for the fused kernels, in the tensor's own precision.
protocol KernelFloat: FloatElement {
    static func exp(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
}

extension Float: KernelFloat {
    /// eˣ in float32 without a library call, so loops over it vectorise: Cephes' expf
    /// (x = n·ln2 + r, |r| ≤ ln2/2, a degree-6 polynomial for eʳ, 2ⁿ put into the
    /// exponent bits), within 1e-7 relative of the exact value. n is rounded with the
    /// 1.5·2²³ trick, which needs no float-to-int conversion (that would trap on NaN).
    /// Below -87 the result is 0 (so a score masked with -∞ gets no weight), above 88 it
    /// stays at e⁸⁸ (so 2ⁿ fits the exponent field); NaN passes through.
    @inline(__always) static func exp(_ x: Float) -> Float {
        let xc: Float = x < -87 ? -87 : (x > 88 ? 88 : x)
        let shifted = xc * 1.442_695_040_888_963_4 + 12_582_912
        let n = shifted - 12_582_912
        let r = (xc - n * 0.693_359_375) - n * -2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let twoToN = Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
        let value = (p * r * r + r + 1) * twoToN
        return x < -87 ? 0 : value
    }

    /// tanh in float32 from `exp` above, within 3e-7 relative of the exact value:
    /// 1 - 2/(e²ˣ + 1) for |x| ≥ 0.4, and below it, where that subtraction would cancel,
    /// the Taylor series to x¹¹ (its first omitted term is under 3e-8 relative there).
    /// Both are computed and one selected, so the loop has no branch.
    @inline(__always) static func tanh(_ x: Float) -> Float {
        let ax = x.magnitude
        let x2 = x * x
        let series: Float = -1.0 / 3 + x2 * (2.0 / 15 + x2 * (-17.0 / 315 + x2 * (62.0 / 2835 + x2 * (-1382.0 / 155925))))
        let small = x + x * x2 * series
        let large = 1 - 2 / (exp(2 * ax) + 1)
        return ax < 0.4 ? small : (x < 0 ? -large : large)
    }
}

extension Double: KernelFloat {
    @inline(__always) static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
}

extension KernelFloat {
    /// σ(x) = 1 / (1 + e⁻ˣ); for very negative x, e⁻ˣ is huge (or ∞) and σ is about 0, never NaN.
    @inline(__always) static func sigmoid(_ x: Self) -> Self { 1 / (1 + exp(-x)) }
}
