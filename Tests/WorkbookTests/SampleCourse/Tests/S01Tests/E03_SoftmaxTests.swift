import Testing
import Vectors
@testable import S01

@Suite struct S01_E03 {
    @Test func sumsToOne() throws {
        let p = try softmax(Vector([1, 2, 3]))
        #expect(abs(p.values.reduce(0, +) - 1) < 1e-12)
    }

    @Test func picksTheLargestLogit() throws {
        #expect(try predictedClass(Vector([0.5, 3, -1])) == 1)
    }
}
