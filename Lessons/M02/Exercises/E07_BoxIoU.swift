import DeepLearning

/// M02-E07 · Intersection over union of two sets of boxes. Docs/M02.md#m02-e07
///
/// `a` is [N, 4] and `b` is [M, 4], boxes as (x1, y1, x2, y2) with x1 ≤ x2, y1 ≤ y2.
/// Return [N, M] with IoU(a_i, b_j) = area(a_i ∩ b_j) / area(a_i ∪ b_j), in `a`'s dtype.
/// Boxes that do not overlap have IoU 0; two empty boxes (union 0) have IoU 0 too.
public func iouMatrix(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    precondition(
        a.rank == 2 && a.shape[1] == 4 && b.rank == 2 && b.shape[1] == 4,
        "iouMatrix: expected boxes [N, 4] and [M, 4], got \(a.shape) and \(b.shape)")
    // BEGIN SOLUTION
    let (n, m) = (a.shape[0], b.shape[0])
    let (p, q) = (a.doubles, b.doubles)
    var result = [Double](repeating: 0, count: n * m)
    for i in 0..<n {
        let areaA = (p[4 * i + 2] - p[4 * i]) * (p[4 * i + 3] - p[4 * i + 1])
        for j in 0..<m {
            let areaB = (q[4 * j + 2] - q[4 * j]) * (q[4 * j + 3] - q[4 * j + 1])
            let width = max(0, min(p[4 * i + 2], q[4 * j + 2]) - max(p[4 * i], q[4 * j]))
            let height = max(0, min(p[4 * i + 3], q[4 * j + 3]) - max(p[4 * i + 1], q[4 * j + 1]))
            let union = areaA + areaB - width * height
            result[i * m + j] = union > 0 ? width * height / union : 0
        }
    }
    return Tensor(result, shape: [n, m], dtype: a.dtype)
    // END SOLUTION
}
