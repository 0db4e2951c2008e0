import Testing
import Workbook
import Vectors
@testable import S01

@Suite struct S01_E03 {
    @Test func sumsToOne() throws {
        let p = try softmax(Vector([1, 2, 3]))
        try checkClose([p.values.reduce(0, +)], [1], rtol: 0, atol: 1e-12, "the sum")
    }

    @Test func picksTheLargestLogit() throws {
        try checkEqual([try predictedClass(Vector([0.5, 3, -1]))], [1], "the class")
    }
}
