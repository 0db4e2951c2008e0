import Tensors

// The linear sum assignment problem: pick one column for each row (or one row for
// each column, whichever side is smaller) so that the total cost is least.
// Solved by shortest augmenting paths with dual potentials (Jonker–Volgenant, in
// the form of Crouse 2016, which scipy.optimize.linear_sum_assignment uses): each
// row is added in turn, and a Dijkstra-like search over reduced costs
// `cost[i][j] - u[i] - v[j]` finds the cheapest way to re-route the assignment. O(n²m).
// DETR matches predictions to objects with it.

/// A minimum-cost matching of rows to columns of a rectangular cost matrix
/// (`scipy.optimize.linear_sum_assignment`). Returns `min(rows, columns)` pairs, sorted by row.
///
/// ```swift
/// let (rows, columns) = linearSumAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
/// // rows [0, 1, 2], columns [1, 0, 2], total cost 1 + 2 + 2 = 5
/// ```
///
/// - Parameter maximize: find the largest total instead.
/// - Precondition: no NaN or -inf (+inf when maximizing: it marks a forbidden pair when minimizing),
///   and a complete assignment of finite cost exists.
public func linearSumAssignment(_ cost: [[Double]], maximize: Bool = false) -> (rows: [Int], columns: [Int]) {
    let rowCount = cost.count, columnCount = cost.first?.count ?? 0
    precondition(cost.allSatisfy { $0.count == columnCount }, "linearSumAssignment: cost matrix rows have different lengths")
    precondition(
        cost.joined().allSatisfy { !$0.isNaN && $0 != (maximize ? .infinity : -.infinity) },
        "linearSumAssignment: cost matrix contains invalid numeric entries")
    if rowCount == 0 || columnCount == 0 { return ([], []) }

    // Work on the orientation with no more rows than columns, minimizing.
    let transpose = columnCount < rowCount
    let (n, m) = transpose ? (columnCount, rowCount) : (rowCount, columnCount)
    var c = [Double](repeating: 0, count: n * m)
    for i in 0..<n {
        for j in 0..<m { c[i * m + j] = (transpose ? cost[j][i] : cost[i][j]) * (maximize ? -1 : 1) }
    }

    let columnForRow = shortestAugmentingPaths(c, rows: n, columns: m)
    if transpose {
        // columnForRow maps original columns to original rows; report by original row.
        let pairs = columnForRow.enumerated().map { (row: $0.element, column: $0.offset) }.sorted { $0.row < $1.row }
        return (pairs.map(\.row), pairs.map(\.column))
    }
    return (Array(0..<n), columnForRow)
}

/// `linearSumAssignment` of an [N, M] cost tensor.
public func linearSumAssignment(_ cost: Tensor, maximize: Bool = false) -> (rows: [Int], columns: [Int]) {
    precondition(cost.rank == 2, "linearSumAssignment: cost must be a matrix, got shape \(cost.shape)")
    let v = cost.doubles, m = cost.shape[1]
    return linearSumAssignment((0..<cost.shape[0]).map { Array(v[$0 * m..<($0 + 1) * m]) }, maximize: maximize)
}

/// The assigned column of each row for a row-major cost matrix with rows <= columns.
private func shortestAugmentingPaths(_ cost: [Double], rows n: Int, columns m: Int) -> [Int] {
    var u = [Double](repeating: 0, count: n), v = [Double](repeating: 0, count: m)
    var columnForRow = [Int](repeating: -1, count: n), rowForColumn = [Int](repeating: -1, count: m)
    var path = [Int](repeating: -1, count: m)
    var shortest = [Double](repeating: .infinity, count: m)
    var rowSeen = [Bool](repeating: false, count: n), columnSeen = [Bool](repeating: false, count: m)

    for currentRow in 0..<n {
        // Dijkstra over reduced costs from `currentRow` until a free column is reached.
        shortest = [Double](repeating: .infinity, count: m)
        rowSeen = [Bool](repeating: false, count: n)
        columnSeen = [Bool](repeating: false, count: m)
        var remaining = Array((0..<m).reversed())
        var minValue = 0.0, i = currentRow, sink = -1
        while sink == -1 {
            rowSeen[i] = true
            var lowest = Double.infinity, best = -1
            for (k, j) in remaining.enumerated() {
                let r = minValue + cost[i * m + j] - u[i] - v[j]
                if r < shortest[j] { path[j] = i; shortest[j] = r }
                // Prefer a free column among equals: it ends the search sooner.
                if shortest[j] < lowest || (shortest[j] == lowest && rowForColumn[j] == -1) {
                    lowest = shortest[j]; best = k
                }
            }
            minValue = lowest
            precondition(minValue < .infinity, "linearSumAssignment: cost matrix is infeasible")
            let j = remaining[best]
            columnSeen[j] = true
            remaining.swapAt(best, remaining.count - 1)
            remaining.removeLast()
            if rowForColumn[j] == -1 { sink = j } else { i = rowForColumn[j] }
        }

        // Update the dual potentials, then flip the assignment along the path.
        u[currentRow] += minValue
        for r in 0..<n where rowSeen[r] && r != currentRow { u[r] += minValue - shortest[columnForRow[r]] }
        for j in 0..<m where columnSeen[j] { v[j] -= minValue - shortest[j] }
        var j = sink
        while true {
            let r = path[j]
            rowForColumn[j] = r
            swap(&columnForRow[r], &j)
            if r == currentRow { break }
        }
    }
    return columnForRow
}
