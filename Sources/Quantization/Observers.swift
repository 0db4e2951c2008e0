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
    /// The range of least squared quantization error on a histogram of the values seen (`HistogramObserver`).
    case histogram

    public func make() -> Observer {
        switch self {
        case .minMax: return MinMaxObserver()
        case .percentile(let p): return PercentileObserver(percentile: p)
        case .histogram: return HistogramObserver()
        }
    }

    public var description: String {
        switch self {
        case .minMax: return "min-max"
        case .percentile(let p): return "percentile \(p)"
        case .histogram: return "histogram"
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

/// The range that minimises the expected squared quantization error of what was seen, found on
/// a histogram (the idea of `torch.ao.quantization.HistogramObserver`, searched exhaustively).
///
/// A value inside [lo, hi] is rounded to a step s = (hi − lo) / 255, an error of s²/12 on average;
/// a value outside is clipped to the nearer end, an error of its distance squared. Widening the
/// range trades clipping error for rounding error; the search tries every pair of bin edges
/// (`searchStride` apart) that keeps 0 inside, with prefix sums making each try O(1).
public final class HistogramObserver: Observer {
    public let bins: Int
    private let searchStride: Int
    private var counts: [Double]
    private var low = Float.infinity, high = -Float.infinity

    public init(bins: Int = 2048, searchStride: Int = 4) {
        precondition(bins >= 16 && searchStride >= 1, "HistogramObserver: at least 16 bins and a positive stride")
        (self.bins, self.searchStride) = (bins, searchStride)
        counts = Array(repeating: 0, count: bins)
    }

    public func observe(_ values: UnsafeBufferPointer<Float>) {
        var (newLow, newHigh) = (low, high)
        for v in values where v.isFinite { newLow = min(newLow, v); newHigh = max(newHigh, v) }
        guard newLow <= newHigh else { return }
        if newLow < low || newHigh > high { rebin(low: newLow, high: newHigh) }
        let width = Double(high - low) / Double(bins)
        for v in values where v.isFinite { counts[bin(of: Double(v), width: width)] += 1 }
    }

    /// Moves what was counted onto bins over the wider [low, high], each old bin's count to the bin of its centre.
    private func rebin(low newLow: Float, high newHigh: Float) {
        let old = counts, oldLow = Double(low), oldWidth = Double(high - low) / Double(bins)
        (low, high) = (newLow, newHigh)
        counts = Array(repeating: 0, count: bins)
        guard oldWidth.isFinite else { return }
        let width = Double(high - low) / Double(bins)
        for (i, c) in old.enumerated() where c > 0 { counts[bin(of: oldLow + (Double(i) + 0.5) * oldWidth, width: width)] += c }
    }

    private func bin(of v: Double, width: Double) -> Int {
        width > 0 ? min(bins - 1, max(0, Int((v - Double(low)) / width))) : 0
    }

    public var range: (min: Float, max: Float) {
        guard low < high else { return low <= high ? (low, high) : (0, 0) }
        let width = Double(high - low) / Double(bins)
        // Prefix sums of c, c·x and c·x² over bin centres x: the clipping error of the values
        // beyond an edge e is Σ c (x − e)² = Σ c x² − 2e Σ c x + e² Σ c.
        var (n, s1, s2) = ([0.0], [0.0], [0.0])
        for (i, c) in counts.enumerated() {
            let x = Double(low) + (Double(i) + 0.5) * width
            n.append(n[i] + c)
            s1.append(s1[i] + c * x)
            s2.append(s2[i] + c * x * x)
        }
        func clipped(_ from: Int, _ to: Int, at e: Double) -> Double {
            (s2[to] - s2[from]) - 2 * e * (s1[to] - s1[from]) + e * e * (n[to] - n[from])
        }
        func edge(_ i: Int) -> Double { Double(low) + Double(i) * width }
        // Edges that keep 0 inside the range (the zero point must be exact).
        let zero = min(bins, max(0, Int((-Double(low) / width).rounded(.down))))
        let lows = Array(Swift.stride(from: 0, through: zero, by: searchStride)) + (zero % searchStride == 0 ? [] : [zero])
        let highs = Array(Swift.stride(from: bins, through: min(zero + 1, bins), by: -searchStride))
        var best = (error: Double.infinity, lo: 0, hi: bins)
        for i in lows {
            for j in highs where j > i {
                let (lo, hi) = (min(edge(i), 0), max(edge(j), 0))
                let step = (hi - lo) / 255
                let error = (n[j] - n[i]) * step * step / 12 + clipped(0, i, at: lo) + clipped(j, bins, at: hi)
                if error < best.error { best = (error, i, j) }
            }
        }
        return (Float(min(edge(best.lo), 0)), Float(max(edge(best.hi), 0)))
    }
}
