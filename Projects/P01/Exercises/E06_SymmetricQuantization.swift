import Foundation

/// P01-E06 · Per-channel symmetric int8 weights and the requantization multiplier. Docs/P01.md#p01-e06
///
/// `symmetricPerChannel`: `weights` hold `channels` equal rows (output channels). Each row c
/// gets the scale s_c = max(max|w|/127, Float.ulpOfOne) and values q = clamp(round(w/s_c), −127, 127),
/// rounding half to even (zero point 0: the "symmetric" scheme of TFLite and PyTorch's
/// `per_channel_symmetric` weights).
///
/// `requantizationMultiplier`: a real factor M > 0 (s_in·s_w/s_out) written as M = m · 2^(shift−31)
/// with m an Int32 in [2^30, 2^31): take M = f · 2^shift with f in [0.5, 1) (`frexp`), then
/// m = round(f · 2^31) half away from zero; if that gives 2^31, halve it and add one to shift.
public func symmetricPerChannel(_ weights: [Float], channels: Int) throws -> (values: [Int8], scales: [Float]) {
    precondition(channels > 0 && weights.count % channels == 0, "symmetricPerChannel: \(weights.count) weights, \(channels) channels")
    // BEGIN SOLUTION
    let per = weights.count / channels
    var values = [Int8](repeating: 0, count: weights.count)
    var scales = [Float](repeating: 1, count: channels)
    for c in 0..<channels {
        let row = weights[c * per..<(c + 1) * per]
        let scale = max(row.reduce(Float(0)) { max($0, abs($1)) } / 127, Float.ulpOfOne)
        scales[c] = scale
        for i in row.indices { values[i] = Int8(max(-127, min(127, (weights[i] / scale).rounded(.toNearestOrEven)))) }
    }
    return (values, scales)
    // END SOLUTION
}

public func requantizationMultiplier(_ real: Double) throws -> (multiplier: Int32, shift: Int) {
    precondition(real > 0 && real.isFinite, "requantizationMultiplier: needs a positive factor, got \(real)")
    // BEGIN SOLUTION
    let (f, e) = frexp(real)
    var m = (f * 2_147_483_648).rounded(.toNearestOrAwayFromZero)
    var shift = e
    if m == 2_147_483_648 { m /= 2; shift += 1 }
    return (Int32(m), shift)
    // END SOLUTION
}
