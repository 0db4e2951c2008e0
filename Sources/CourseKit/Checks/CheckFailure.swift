/// A failed check in a lesson test, with a message a student can act on.
///
/// Checks throw it, so a test reads `try checkClose(got, expected)` and Swift
/// Testing reports `Caught error: <message>` against that test only.
public struct CheckFailure: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// `1.234e-07`, `0.5`: short numbers for messages.
package func short(_ x: Double) -> String { String(format: "%.6g", x) }

/// `[1, 2]` for a multi-index.
package func indexText(_ index: [Int]) -> String { "[" + index.map(String.init).joined(separator: ", ") + "]" }

/// The multi-index of flat position `flat` in a row-major array of `shape`.
package func multiIndex(_ flat: Int, shape: [Int]) -> [Int] {
    var rest = flat
    var index = [Int](repeating: 0, count: shape.count)
    for d in shape.indices.reversed() where shape[d] > 0 {
        index[d] = rest % shape[d]
        rest /= shape[d]
    }
    return index
}
