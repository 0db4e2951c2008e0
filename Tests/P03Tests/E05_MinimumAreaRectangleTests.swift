import DeepLearning
import ExerciseTesting
import Testing
@testable import P03

@Suite(.exercise("P03-E05")) struct P03_E05 {
    @Test func axisAlignedPointsGiveTheirBoundingBox() throws {
        let (corners, side) = try minimumAreaRectangle([Point(1, 1), Point(9, 1), Point(9, 4), Point(1, 4), Point(5, 2)])
        #expect(corners == [Point(1, 1), Point(9, 1), Point(9, 4), Point(1, 4)])
        #expect(abs(side - 3) < 1e-12)
    }

    /// A diamond's smallest rectangle is the diamond itself, not its bounding box.
    @Test func aTiltedSquareIsItsOwnRectangle() throws {
        let diamond = [Point(5, 0), Point(10, 5), Point(5, 10), Point(0, 5)]
        let (corners, side) = try minimumAreaRectangle(diamond)
        #expect(abs(side - 50.0.squareRoot()) < 1e-9)
        for c in corners { #expect(diamond.contains { abs($0.x - c.x) < 1e-9 && abs($0.y - c.y) < 1e-9 }) }
    }
}
