// No imports: the sample course in Tests/WorkbookTests/SampleCourse links to this file.

/// CS231n's relative error, `max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|)`:
/// about 1e-7 or less means two float64 gradients agree, 1e-5 is fine near kinks
/// (ReLU, max), 1e-2 or more means a bug.
public func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "relativeError: \(a.count) and \(b.count) values")
    return zip(a, b).map(elementRelativeError).max() ?? 0
}

package func elementRelativeError(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .infinity }
    if a == b { return 0 }
    return abs(a - b) / max(1e-8, abs(a) + abs(b))
}

/// Checks that `got` matches `expected` element by element, as
/// `torch.testing.assert_close`: `|got - expected| <= atol + rtol * |expected|`.
///
/// On failure the message names the first mismatch by its multi-index, with
/// both values, their ratio and their relative error, and how many elements differ:
/// `softmax: 2 of 6 elements differ; first at [1, 2]: expected 0.5, got 0.4 (got/expected 0.8, relative error 0.111)`.
///
/// When grading, `got` is also recorded for the grader's checker (`CheckRecord`).
public func checkClose(
    _ got: [Double], _ expected: [Double], shape: [Int]? = nil,
    rtol: Double = 1e-5, atol: Double = 1e-8, _ what: String = "values",
    file: String = #fileID, function: String = #function
) throws {
    let shape = shape ?? [expected.count]
    CheckRecorder.record(
        CheckRecord(
            test: CheckRecord.testKey(file: file, function: function), label: what, kind: .close,
            got: got, expected: expected, shape: shape, rtol: rtol, atol: atol))
    guard got.count == expected.count else {
        throw CheckFailure(Messages().countMismatch(what, expected: expected.count, shape: shape, got: got.count))
    }
    var first: Int?
    var mismatches = 0
    for i in expected.indices {
        let (g, e) = (got[i], expected[i])
        let close = g == e || (abs(g - e) <= atol + rtol * abs(e)) || (g.isNaN && e.isNaN)
        if !close {
            mismatches += 1
            if first == nil { first = i }
        }
    }
    guard let i = first else { return }
    throw CheckFailure(
        Messages().valuesDiffer(
            what, mismatches: mismatches, count: expected.count, rtol: short(rtol), atol: short(atol),
            at: indexText(multiIndex(i, shape: shape)), expected: short(expected[i]), got: short(got[i]),
            ratio: expected[i] != 0 ? short(got[i] / expected[i]) : nil,
            relativeError: short(elementRelativeError(got[i], expected[i]))))
}
