import Foundation
import Vectors
import Workbook

/// S01-E03: a numerically stable softmax, `exp(x_i - max x) / sum_j exp(x_j - max x)`.
/// See Docs/S01.md#s01-e03.
func softmax(_ x: Vector) throws -> Vector {
    // BEGIN SOLUTION
    let m = x.values.max() ?? 0
    let e = x.values.map { exp($0 - m) }
    let s = e.reduce(0, +)
    return Vector(e.map { $0 / s })
    // END SOLUTION
}

/// The largest probability's index (uses the softmax above).
func predictedClass(_ logits: Vector) throws -> Int {
    // BEGIN SOLUTION
    let p = try softmax(logits).values
    return p.indices.max { p[$0] < p[$1] }!
    // END SOLUTION
}
