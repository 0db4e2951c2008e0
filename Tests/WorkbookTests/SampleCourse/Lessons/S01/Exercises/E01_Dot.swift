import Vectors
import Workbook

/// S01-E01: the dot product `sum_i a_i * b_i`. See Docs/S01.md#s01-e01.
func dot(_ a: Vector, _ b: Vector) throws -> Double {
    precondition(a.count == b.count, "dot: sizes \(a.count) and \(b.count) differ")
    // BEGIN SOLUTION
    var total = 0.0
    for i in 0..<a.count { total += a.values[i] * b.values[i] }
    return total
    // END SOLUTION
}
