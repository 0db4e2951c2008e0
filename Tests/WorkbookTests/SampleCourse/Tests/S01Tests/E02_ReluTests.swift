import Testing
import Vectors
@testable import S01

@Suite struct S01_E02 {
    @Test func clampsNegatives() throws {
        #expect(try relu(Vector([-2, 0, 3])) == Vector([0, 0, 3]))
    }
}
