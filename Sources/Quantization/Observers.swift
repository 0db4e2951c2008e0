/// Watches the values a tensor takes during calibration and proposes the range to quantize.
public protocol Observer: AnyObject {
    func observe(_ values: UnsafeBufferPointer<Float>)
    /// The range to cover, [min, max] before widening to include 0.
    var range: (min: Float, max: Float) { get }
}

extension Observer {
    /// uint8 parameters for what was observed.
    public var quantization: AffineQuantization { AffineQuantization.uint8(min: range.min, max: range.max) }
}

/// How activation ranges are chosen (chosen per model by measured agreement, see `PostTrainingQuantizer`).
public enum ObserverKind: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The smallest and largest values seen (`torch.ao.quantization.MinMaxObserver`).
    case minMax
    /// The `percentile` and 100 − `percentile` quantiles of the values seen, clipping outliers.
    case percentile(Double)

    public func make() -> Observer {
        switch self {
        case .minMax: return MinMaxObserver()
        case .percentile(let p): return PercentileObserver(percentile: p)
        }
    }

    public var description: String {
        switch self {
        case .minMax: return "min-max"
        case .percentile(let p): return "percentile \(p)"
        }
    }
}

/// Running minimum and maximum.
public final class MinMaxObserver: Observer {
    private var low = Float.infinity, high = -Float.infinity

    public init() {}

    public func observe(_ values: UnsafeBufferPointer<Float>) {
        for v in values where v.isFinite { low = min(low, v); high = max(high, v) }
    }

    public var range: (min: Float, max: Float) { low <= high ? (low, high) : (0, 0) }
}

/// Quantiles of the values seen, from an evenly strided sample of at most `capacity` values
/// per call (so a few hundred calibration images cost bounded memory).
public final class PercentileObserver: Observer {
    public let percentile: Double
    private let capacity: Int
    private var sample: [Float] = []

    public init(percentile: Double, capacity: Int = 1 << 16) {
        precondition(percentile > 50 && percentile <= 100, "PercentileObserver: percentile must be in (50, 100], got \(percentile)")
        (self.percentile, self.capacity) = (percentile, capacity)
    }

    public func observe(_ values: UnsafeBufferPointer<Float>) {
        let stride = max(1, values.count / capacity)
        for i in Swift.stride(from: 0, to: values.count, by: stride) where values[i].isFinite { sample.append(values[i]) }
    }

    public var range: (min: Float, max: Float) {
        guard !sample.isEmpty else { return (0, 0) }
        let sorted = sample.sorted()
        func quantile(_ q: Double) -> Float { sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count - 1)).rounded())))] }
        return (quantile(1 - percentile / 100), quantile(percentile / 100))
    }
}
