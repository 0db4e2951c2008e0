import Foundation
import Tensors

/// Per-tensor affine quantization of activations: `real = scale · (q − zeroPoint)`, q in
/// [qmin, qmax] (uint8: 0...255). Parameters follow PyTorch's observers (`_calculate_qparams`).
public struct AffineQuantization: Codable, Equatable, Sendable {
    public let scale: Float
    public let zeroPoint: Int32
    public let qmin: Int32
    public let qmax: Int32

    public init(scale: Float, zeroPoint: Int32, qmin: Int32 = 0, qmax: Int32 = 255) {
        precondition(scale > 0 && scale.isFinite, "AffineQuantization: scale must be positive and finite, got \(scale)")
        precondition(
            qmin < qmax && (qmin...qmax).contains(zeroPoint),
            "AffineQuantization: zero point \(zeroPoint) outside [\(qmin), \(qmax)]")
        (self.scale, self.zeroPoint, self.qmin, self.qmax) = (scale, zeroPoint, qmin, qmax)
    }

    private enum CodingKeys: String, CodingKey { case scale, zeroPoint, qmin, qmax }

    /// Decodes and checks: a stored scale of 0 or a zero point outside the uint8 range is a corrupt file.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let (scale, zero) = (try c.decode(Float.self, forKey: .scale), try c.decode(Int32.self, forKey: .zeroPoint))
        let (qmin, qmax) = (try c.decode(Int32.self, forKey: .qmin), try c.decode(Int32.self, forKey: .qmax))
        guard scale > 0, scale.isFinite, 0 <= qmin, qmin < qmax, qmax <= 255, (qmin...qmax).contains(zero) else {
            throw DecodingError.dataCorruptedError(
                forKey: .scale, in: c, debugDescription: "bad quantization scale \(scale), zero point \(zero), range [\(qmin), \(qmax)]")
        }
        self.init(scale: scale, zeroPoint: zero, qmin: qmin, qmax: qmax)
    }

    /// The uint8 parameters covering [min, max] widened to include 0, in float32 as PyTorch computes them:
    /// scale = (max − min) / 255 (at least float32 epsilon), zeroPoint = −round(min / scale) (ties to even), clamped.
    public static func uint8(min: Float, max: Float) -> AffineQuantization {
        precondition(min <= max && min.isFinite && max.isFinite, "AffineQuantization.uint8: bad range [\(min), \(max)]")
        let (low, high) = (Swift.min(min, 0), Swift.max(max, 0))
        let scale = Swift.max((high - low) / 255, Float.ulpOfOne)
        let zero = 0 - Int32((low / scale).rounded(.toNearestOrEven))
        return AffineQuantization(scale: scale, zeroPoint: Swift.min(Swift.max(zero, 0), 255))
    }

    /// round(x / scale) + zeroPoint, ties to even (`torch.quantize_per_tensor`), clamped to [qmin, qmax].
    @inline(__always)
    public func quantize(_ x: Float) -> Int32 {
        let q = (x / scale).rounded(.toNearestOrEven)
        guard q.isFinite else { return x > 0 ? qmax : qmin }
        let shifted = Float(zeroPoint) + Swift.max(Swift.min(q, 1e6), -1e6)
        return Int32(Swift.min(Swift.max(shifted, Float(qmin)), Float(qmax)))
    }

    @inline(__always)
    public func dequantize(_ q: Int32) -> Float { scale * Float(q - zeroPoint) }
}

/// Weights quantized per output channel, symmetric, int8 in [−127, 127] (zero point 0):
/// scale_c = max|w_c| / 127, q = round(w / scale_c) ties to even.
public struct ChannelQuantizedWeights: Equatable, Sendable {
    /// [channels × perChannel] int8 values, channel-major.
    public let values: [Int8]
    public let scales: [Float]

    public init(values: [Int8], scales: [Float]) { (self.values, self.scales) = (values, scales) }

    public init(quantizing weights: [Float], channels: Int) {
        ExerciseTwins.called("ChannelQuantizedWeights(quantizing:channels:)", twinOf: ["P01-E06"])
        precondition(
            channels > 0 && weights.count % channels == 0,
            "ChannelQuantizedWeights: \(weights.count) weights do not split into \(channels) channels")
        let per = weights.count / channels
        var values = [Int8](repeating: 0, count: weights.count)
        var scales = [Float](repeating: 1, count: channels)
        for c in 0..<channels {
            let row = weights[(c * per)..<((c + 1) * per)]
            let maxAbs = row.reduce(Float(0)) { Swift.max($0, abs($1)) }
            let scale = Swift.max(maxAbs / 127, Float.ulpOfOne)
            scales[c] = scale
            for (i, w) in zip(row.indices, row) {
                values[i] = Int8(Swift.max(-127, Swift.min(127, (w / scale).rounded(.toNearestOrEven))))
            }
        }
        (self.values, self.scales) = (values, scales)
    }

    public var channels: Int { scales.count }
}

/// The int32 bias of a layer whose accumulator has scale inputScale · weightScale_c:
/// round(b / (s_in · s_w)), ties to even, saturated to Int32.
public func quantizeBias(_ bias: [Float], inputScale: Float, weightScales: [Float]) -> [Int32] {
    precondition(bias.count == weightScales.count, "quantizeBias: \(bias.count) biases for \(weightScales.count) channels")
    return zip(bias, weightScales).map { b, s in
        let q = Double(b / (inputScale * s)).rounded(.toNearestOrEven)
        return Int32(Swift.max(Double(Int32.min), Swift.min(Double(Int32.max), q)))
    }
}
