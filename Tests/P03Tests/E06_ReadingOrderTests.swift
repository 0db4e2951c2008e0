import DeepLearning
import ExerciseTesting
import Testing
@testable import P03

@Suite(.exercise("P03-E06")) struct P03_E06 {
    func box(_ x: Double, _ y: Double) -> [Point] { [Point(x, y), Point(x + 30, y), Point(x + 30, y + 12), Point(x, y + 12)] }

    /// A slightly higher box to the right still comes after its left neighbour on the same line.
    @Test func sameLineLeftToRight() throws {
        #expect(try readingOrder([box(100, 52), box(10, 55), box(10, 20)]) == [2, 1, 0])
    }
}
