import Foundation
import Testing
import Workbook
import Vectors
@testable import S01

@Suite struct S01_E03_Hidden {
    @Test func isStableForLargeLogits() throws {
        let p = try softmax(Vector([1000, 1000]))
        try checkClose(p.values, [0.5, 0.5], rtol: 0, atol: 0, "large logits")
    }
}
