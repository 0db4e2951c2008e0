import Tensors
// Average precision: the area under a precision–recall curve, after the curve is
// made monotone (precision at recall r becomes the best precision at any recall >= r).
// The three common ways to sample that curve differ in where they read it.

/// How the precision–recall curve is sampled.
public enum APInterpolation: Sendable {
    /// PASCAL VOC 2007: mean of the interpolated precision at recall 0, 0.1, ..., 1.
    case elevenPoint
    /// PASCAL VOC 2010+: exact area under the interpolated curve, summed at every recall change.
    case allPoints
    /// COCO: mean of the interpolated precision at recall 0, 0.01, ..., 1.
    case cocoHundredOnePoint
}

/// Average precision from cumulative recall and precision values, one per detection in
/// descending score order (what `voc_ap` and COCO's `accumulate` receive).
///
/// ```swift
/// averagePrecision(recall: [0.5, 0.5, 1], precision: [1, 0.5, 0.667], interpolation: .allPoints)  // 0.8333
/// ```
public func averagePrecision(recall: [Double], precision: [Double], interpolation: APInterpolation) -> Double {
    ExerciseTwins.called("averagePrecision", twinOf: ["P02-E06"])
    precondition(
        recall.count == precision.count,
        "averagePrecision: \(recall.count) recall values but \(precision.count) precision values")
    switch interpolation {
    case .elevenPoint:
        // As voc_ap: thresholds k·0.1 (numpy's arange values), max precision at recall >= t.
        return (0...10).map { k in
            let t = Double(k) * 0.1
            return zip(recall, precision).filter { $0.0 >= t }.map(\.1).max() ?? 0
        }.reduce(0, +) / 11
    case .allPoints:
        let r: [Double] = [0] + recall + [1]
        let p = monotoneEnvelope([0] + precision + [0])
        var area = 0.0
        for i in 1..<r.count where r[i] != r[i - 1] { area += (r[i] - r[i - 1]) * p[i] }
        return area
    case .cocoHundredOnePoint:
        // As COCOeval.accumulate: thresholds k/100 (numpy linspace), first index with recall >= t.
        let p = monotoneEnvelope(precision)
        let thresholds = (0...100).map { $0 == 100 ? 1.0 : Double($0) * 0.01 }
        var sum = 0.0
        for t in thresholds {
            guard let i = recall.firstIndex(where: { $0 >= t }) else { break }
            sum += p[i]
        }
        return sum / 101
    }
}

/// Each precision replaced by the largest precision at its position or later.
func monotoneEnvelope(_ precision: [Double]) -> [Double] {
    var p = precision
    for i in stride(from: p.count - 1, to: 0, by: -1) where p[i] > p[i - 1] { p[i - 1] = p[i] }
    return p
}
