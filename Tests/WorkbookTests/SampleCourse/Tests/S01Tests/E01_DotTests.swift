import Testing
import Vectors
@testable import S01

@Suite struct S01_E01 {
    @Test func dotOfSmallVectors() throws {
        #expect(try dot(Vector([1, 2, 3]), Vector([4, 5, 6])) == 32)
    }
}

// BEGIN HIDDEN TESTS
@Suite struct S01_E01_Hidden {
    @Test func dotOfEmptyVectorsIsZero() throws {
        #expect(try dot(Vector([]), Vector([])) == 0, "the empty sum is 0")
    }
}
// END HIDDEN TESTS
