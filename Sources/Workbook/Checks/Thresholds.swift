/// Checks that a metric reached its threshold: `test accuracy 0.871 is below the required 0.9`.
/// Returns the value so a test can log it.
@discardableResult
public func checkAtLeast(_ value: Double, _ threshold: Double, _ what: String = "accuracy") throws -> Double {
    guard value >= threshold, !value.isNaN else {
        throw CheckFailure(Messages().belowThreshold(what, value: short(value), threshold: short(threshold)))
    }
    return value
}

/// Checks that a loss or an error went low enough: `final loss 0.7 is above the allowed 0.5`.
@discardableResult
public func checkAtMost(_ value: Double, _ threshold: Double, _ what: String = "loss") throws -> Double {
    guard value <= threshold, !value.isNaN else {
        throw CheckFailure(Messages().aboveThreshold(what, value: short(value), threshold: short(threshold)))
    }
    return value
}
