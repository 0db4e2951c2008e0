import Foundation

/// P02-E03 · Decoding the distance distributions (DFL). Docs/P02.md#p02-e03
///
/// The head predicts, for each of the four sides (left, top, right, bottom), logits over
/// the bins 0, 1, ..., n−1. The distance is the expectation Σᵢ softmax(z)ᵢ · i (subtract the
/// row's maximum before exponentiating). The box, in pixels, for an anchor at grid point
/// (ax, ay) of a level with stride s is
///   (ax − left, ay − top, ax + right, ay + bottom) · s.
/// `logits` holds 4 rows of n logits.
public func decodeDistances(_ logits: [[Double]], anchorX: Double, anchorY: Double, stride: Double) throws -> [Double] {
    precondition(logits.count == 4, "decodeDistances: expected 4 rows of bin logits, got \(logits.count)")
    // BEGIN SOLUTION
    let distances = logits.map { row -> Double in
        let top = row.max() ?? 0
        let weights = row.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        return weights.enumerated().map { Double($0.offset) * $0.element }.reduce(0, +) / total
    }
    return [anchorX - distances[0], anchorY - distances[1], anchorX + distances[2], anchorY + distances[3]].map { $0 * stride }
    // END SOLUTION
}
