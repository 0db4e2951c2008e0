import DeepLearning

/// DETR's matching of predictions to ground-truth objects.
public struct BipartiteMatch {
    /// The matching cost of every (query, object) pair, [Q, T].
    public var cost: Tensor
    /// For each object t (in order), the query matched to it.
    public var queryForObject: [Int]
    public init(cost: Tensor, queryForObject: [Int]) { (self.cost, self.queryForObject) = (cost, queryForObject) }
}

/// M02-E10 · DETR's Hungarian matching. Docs/M02.md#m02-e10
///
/// `probabilities` is [Q, K] (each query's class probabilities), `predictedBoxes` [Q, 4],
/// `labels` [T] (int64 classes of the T ≤ Q objects), `targetBoxes` [T, 4]; boxes xyxy.
/// The cost of giving object t to query q is
///
///     C[q, t] = −classWeight · p[q, labels[t]] + l1Weight · Σ_k |b_q,k − b_t,k| − giouWeight · GIoU(b_q, b_t)
///
/// with GIoU(a, b) = IoU − (area(E) − area(a ∪ b)) / area(E), E the smallest box enclosing both.
/// Return C and the one-to-one assignment of objects to queries of least total cost
/// (`linearSumAssignment` solves it; DETR calls `scipy.optimize.linear_sum_assignment`).
public func detrMatch(
    probabilities: Tensor, predictedBoxes: Tensor, labels: Tensor, targetBoxes: Tensor,
    classWeight: Double = 1, l1Weight: Double = 5, giouWeight: Double = 2
) throws -> BipartiteMatch {
    let (q, t) = (predictedBoxes.shape[0], targetBoxes.shape[0])
    precondition(
        probabilities.rank == 2 && probabilities.shape[0] == q && labels.shape == [t] && t <= q,
        "detrMatch: expected probabilities [Q, K], boxes [Q, 4], labels [T], targets [T, 4] with T ≤ Q; got \(probabilities.shape), \(predictedBoxes.shape), \(labels.shape), \(targetBoxes.shape)"
    )
    // BEGIN SOLUTION
    let p = probabilities.doubles, k = probabilities.shape[1]
    let classes = labels.ints
    let a = boxList(predictedBoxes), b = boxList(targetBoxes)
    var cost = [[Double]](repeating: [Double](repeating: 0, count: t), count: q)
    for i in 0..<q {
        for j in 0..<t {
            let l1 = abs(a[i].x1 - b[j].x1) + abs(a[i].y1 - b[j].y1) + abs(a[i].x2 - b[j].x2) + abs(a[i].y2 - b[j].y2)
            let union = a[i].area + b[j].area - a[i].intersectionArea(b[j])
            let enclosing = (max(a[i].x2, b[j].x2) - min(a[i].x1, b[j].x1)) * (max(a[i].y2, b[j].y2) - min(a[i].y1, b[j].y1))
            let giou = a[i].iou(b[j]) - (enclosing - union) / enclosing
            cost[i][j] = -classWeight * p[i * k + classes[j]] + l1Weight * l1 - giouWeight * giou
        }
    }
    let (rows, columns) = linearSumAssignment(cost)
    var queryForObject = [Int](repeating: -1, count: t)
    for (row, column) in zip(rows, columns) { queryForObject[column] = row }
    return BipartiteMatch(cost: Tensor(cost.flatMap { $0 }, shape: [q, t], dtype: .float64), queryForObject: queryForObject)
    // END SOLUTION
}
