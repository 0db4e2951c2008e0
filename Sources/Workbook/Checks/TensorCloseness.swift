import Tensors

/// Tensor version of `checkClose`: shapes must match exactly.
public func checkClose(
    _ got: Tensor, _ expected: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8,
    _ what: String = "tensor", file: String = #fileID, function: String = #function
) throws {
    guard got.shape == expected.shape else {
        CheckRecorder.record(
            CheckRecord(
                test: CheckRecord.testKey(file: file, function: function), label: what, kind: .close,
                got: got.doubles, expected: expected.doubles, shape: got.shape, rtol: rtol, atol: atol))
        throw CheckFailure(Messages().shapeMismatch(what, expected: expected.shape, got: got.shape))
    }
    try checkClose(got.doubles, expected.doubles, shape: expected.shape, rtol: rtol, atol: atol, what, file: file, function: function)
}
