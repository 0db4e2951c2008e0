import Testing
import Workbook
import Vectors
@testable import S01

@Suite struct S01_E02 {
    @Test func clampsNegatives() throws {
        try checkClose(try relu(Vector([-2, 0, 3])).values, [0, 0, 3], "relu")
    }
}
