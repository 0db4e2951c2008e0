/// Shape arithmetic: NumPy broadcasting, strides, and the error messages that
/// name the op and both shapes.

enum Shape {
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides, in elements.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = acc
            acc *= shape[d]
        }
        return strides
    }

    /// The broadcast shape of `a` and `b` under NumPy's rules, or a stop that names the op.
    static func broadcast(_ a: [Int], _ b: [Int], op: String) -> [Int] {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            precondition(
                da == db || da == 1 || db == 1,
                "\(op): shapes \(a) and \(b) cannot be broadcast together (dimension \(i): \(da) vs \(db))")
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Strides for reading a tensor of `shape` as if it had the (larger) broadcast
    /// shape `target`: dimensions of size 1 and missing leading ones get stride 0.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return (0..<target.count).map { d in
            d < offset || shape[d - offset] == 1 ? 0 : own[d - offset]
        }
    }

    /// Normalises a possibly negative axis (`-1` is the last).
    static func axis(_ axis: Int, rank: Int, op: String) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(
            a >= 0 && a < max(rank, 1),
            "\(op): dimension out of range (expected to be in range of [\(-max(rank, 1)), \(max(rank, 1) - 1)], but got \(axis))")
        return a
    }

    static func text(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "x") }
}

/// Visits every element of an n-d loop over `shape`, giving the flat offsets
/// into each operand (whose strides may be 0 for broadcast dimensions).
/// The innermost dimension runs as a tight loop.
@inline(__always)
func forEachOffset(shape: [Int], strides: [[Int]], _ body: (_ offsets: [Int], _ inner: Int, _ innerStrides: [Int]) -> Void) {
    let rank = shape.count
    if rank == 0 { body([Int](repeating: 0, count: strides.count), 1, [Int](repeating: 0, count: strides.count)); return }
    let total = Shape.count(shape)
    if total == 0 { return }
    let inner = shape[rank - 1]
    let innerStrides = strides.map { $0[rank - 1] }
    var index = [Int](repeating: 0, count: rank - 1)
    var offsets = [Int](repeating: 0, count: strides.count)
    let outer = total / inner
    for _ in 0..<outer {
        body(offsets, inner, innerStrides)
        // Advance the multi-index over the outer dimensions, like an odometer.
        var d = rank - 2
        while d >= 0 {
            index[d] += 1
            for k in 0..<offsets.count { offsets[k] += strides[k][d] }
            if index[d] < shape[d] { break }
            for k in 0..<offsets.count { offsets[k] -= strides[k][d] * shape[d] }
            index[d] = 0
            d -= 1
        }
    }
}
