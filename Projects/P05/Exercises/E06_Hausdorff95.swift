import Foundation

/// P05-E06 · The 95th-percentile Hausdorff distance. Docs/P05.md#p05-e06
///
/// Dice counts voxels; HD95 measures how far a predicted surface strays from the true one.
/// `a` and `b` are the surface points of two masks in millimetres (each [x, y, z]). For every
/// point of `a` take the Euclidean distance to the nearest point of `b`, and the other way
/// round. Each direction gives its 95th percentile, computed as numpy's `percentile`
/// (sort the n distances, position q = 0.95·(n − 1), interpolate linearly between the values
/// at ⌊q⌋ and ⌈q⌉). HD95 is the larger of the two (MONAI's `compute_hausdorff_distance`).
/// Return nil when either set is empty (MONAI returns NaN there, or inf for one empty side).
public func hausdorff95(_ a: [[Double]], _ b: [[Double]]) throws -> Double? {
    precondition((a + b).allSatisfy { $0.count == 3 }, "hausdorff95: points are [x, y, z]")
    // BEGIN SOLUTION
    guard !a.isEmpty, !b.isEmpty else { return nil }
    func nearest(from source: [[Double]], to target: [[Double]]) -> [Double] {
        source.map { p in
            var best = Double.infinity
            for q in target {
                let dx = p[0] - q[0], dy = p[1] - q[1], dz = p[2] - q[2]
                best = min(best, dx * dx + dy * dy + dz * dz)
            }
            return best.squareRoot()
        }
    }
    func percentile95(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let q = 0.95 * Double(sorted.count - 1)
        let (low, high) = (Int(q.rounded(.down)), Int(q.rounded(.up)))
        return sorted[low] + (sorted[high] - sorted[low]) * (q - Double(low))
    }
    return max(percentile95(nearest(from: a, to: b)), percentile95(nearest(from: b, to: a)))
    // END SOLUTION
}
