import Foundation
import Testing
import Vectors
@testable import S01

@Suite struct S01_E03_Hidden {
    @Test func isStableForLargeLogits() throws {
        let p = try softmax(Vector([1000, 1000]))
        #expect(p.values == [0.5, 0.5])
    }
}
