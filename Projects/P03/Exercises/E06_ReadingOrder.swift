import DeepLearning

/// P03-E06 · Reading order of the detected boxes (PaddleOCR's `sorted_boxes`). Docs/P03.md#p03-e06
///
/// Each box is four corners, the first the top-left. Sort the boxes by the first corner's y,
/// then x (a stable sort). Then, for i = 0, 1, …, n−2, walk j from i down to 0: while box j+1's
/// first corner lies less than 10 px below or above box j's (|Δy| < 10) and to its left, swap
/// them; stop at the first j where that does not hold. Return the boxes' indices in the new order.
public func readingOrder(_ boxes: [[Point]]) throws -> [Int] {
    // BEGIN SOLUTION
    var order = boxes.indices.sorted { a, b in
        let (p, q) = (boxes[a][0], boxes[b][0])
        return p.y != q.y ? p.y < q.y : (p.x != q.x ? p.x < q.x : a < b)
    }
    for i in 0..<max(0, order.count - 1) {
        for j in stride(from: i, through: 0, by: -1) {
            let (upper, lower) = (boxes[order[j]][0], boxes[order[j + 1]][0])
            guard abs(lower.y - upper.y) < 10 && lower.x < upper.x else { break }
            order.swapAt(j, j + 1)
        }
    }
    return order
    // END SOLUTION
}
