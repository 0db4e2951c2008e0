import Testing
import Workbook
import Vectors
@testable import S01

@Suite struct S01_E01 {
    @Test func dotOfSmallVectors() throws {
        try checkClose([try dot(Vector([1, 2, 3]), Vector([4, 5, 6]))], [32], "dot")
    }
}

// BEGIN HIDDEN TESTS
@Suite struct S01_E01_Hidden {
    @Test func dotOfEmptyVectorsIsZero() throws {
        try checkClose([try dot(Vector([]), Vector([]))], [0], "the empty sum")
    }
}
// END HIDDEN TESTS
