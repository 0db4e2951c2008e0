// No imports: the sample course in Tests/WorkbookTests/SampleCourse links to this file.

/// Checks that a metric reached its threshold: `test accuracy 0.871 is below the required 0.9`.
/// Returns the value so a test can log it.
@discardableResult
public func checkAtLeast(
    _ value: Double, _ threshold: Double, _ what: String = "accuracy",
    file: String = #fileID, function: String = #function
) throws -> Double {
    CheckRecorder.record(
        CheckRecord(
            test: CheckRecord.testKey(file: file, function: function), label: what, kind: .atLeast,
            got: [value], expected: [threshold]))
    guard value >= threshold, !value.isNaN else {
        throw CheckFailure(Messages().belowThreshold(what, value: short(value), threshold: short(threshold)))
    }
    return value
}

/// Checks that a loss or an error went low enough: `final loss 0.7 is above the allowed 0.5`.
@discardableResult
public func checkAtMost(
    _ value: Double, _ threshold: Double, _ what: String = "loss",
    file: String = #fileID, function: String = #function
) throws -> Double {
    CheckRecorder.record(
        CheckRecord(
            test: CheckRecord.testKey(file: file, function: function), label: what, kind: .atMost,
            got: [value], expected: [threshold]))
    guard value <= threshold, !value.isNaN else {
        throw CheckFailure(Messages().aboveThreshold(what, value: short(value), threshold: short(threshold)))
    }
    return value
}
