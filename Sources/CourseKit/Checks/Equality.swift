// No imports: the sample course in Tests/WorkbookTests/SampleCourse links to this file.

/// Checks that integer outputs (token ids, indices, counts) equal the expected ones:
/// `tokens: 2 of 5 items differ; first at [3]: expected 7, got 4`.
/// When grading, `got` is also recorded for the grader's checker (`CheckRecord`).
public func checkEqual<T: BinaryInteger>(
    _ got: [T], _ expected: [T], _ what: String = "values",
    file: String = #fileID, function: String = #function
) throws {
    CheckRecorder.record(
        CheckRecord(
            test: CheckRecord.testKey(file: file, function: function), label: what, kind: .equal,
            got: got.map { Double($0) }, expected: expected.map { Double($0) }))
    try compareItems(got.map { "\($0)" }, expected.map { "\($0)" }, what)
}

/// Checks that words (tokens, tags, n-grams) equal the expected ones, in order.
public func checkEqual(
    _ got: [String], _ expected: [String], _ what: String = "words",
    file: String = #fileID, function: String = #function
) throws {
    CheckRecorder.record(
        CheckRecord(
            test: CheckRecord.testKey(file: file, function: function), label: what, kind: .equal,
            got: [], expected: [], gotWords: got, expectedWords: expected))
    try compareItems(got, expected, what)
}

private func compareItems(_ got: [String], _ expected: [String], _ what: String) throws {
    guard got.count == expected.count else {
        throw CheckFailure(Messages().countMismatch(what, expected: expected.count, shape: [expected.count], got: got.count))
    }
    let wrong = got.indices.filter { got[$0] != expected[$0] }
    guard let first = wrong.first else { return }
    throw CheckFailure(
        Messages().itemsDiffer(
            what, wrong: wrong.count, count: expected.count, at: indexText([first]),
            expected: expected[first], got: got[first]))
}
