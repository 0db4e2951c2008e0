import Testing
import Vectors

@Test func addsElementwise() {
    #expect(Vector([1, 2]) + Vector([3, 5]) == Vector([4, 7]))
}
