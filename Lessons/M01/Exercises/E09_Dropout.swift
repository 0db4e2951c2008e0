import DeepLearning

/// M01-E09 · Inverted dropout, forward and backward. Docs/M01.md#m01-e09
///
/// `keepMask` holds 1 where a unit is kept and 0 where it is dropped (drawn
/// with probability 1-p of keeping). Forward: y = x·mask/(1-p), so the expected
/// value of y equals x and nothing changes at test time. Backward: the same
/// scaling of the incoming gradient.
public func dropoutForward(_ x: Tensor, keepMask: Tensor, p: Double) throws -> Tensor {
    // BEGIN SOLUTION
    x * keepMask / (1 - p)
    // END SOLUTION
}

/// M01-E09 · See `dropoutForward`.
public func dropoutBackward(_ gradOutput: Tensor, keepMask: Tensor, p: Double) throws -> Tensor {
    // BEGIN SOLUTION
    gradOutput * keepMask / (1 - p)
    // END SOLUTION
}
