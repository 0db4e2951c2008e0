import DeepLearning
import ExerciseTesting
import Foundation
import Testing
@testable import P03

@Suite(.exercise("P03-E03")) struct P03_E03 {
    @Test func unclipDistanceOfARectangle() throws {
        let box = [Point(0, 0), Point(40, 0), Point(40, 10), Point(0, 10)]
        #expect(abs(try unclipDistance(box, ratio: 1.5) - 400 * 1.5 / 100) < 1e-12)
    }

    /// Every offset point lies `distance` from the rectangle, and the rectangle grows by it on each side.
    @Test func offsetPointsLieAtTheDistance() throws {
        let box = [Point(0, 0), Point(40, 0), Point(40, 10), Point(0, 10)]
        let grown = try offsetConvexPolygon(box, distance: 6)
        #expect(grown.count > 8)
        for p in grown {
            let dx = max(0 - p.x, 0, p.x - 40), dy = max(0 - p.y, 0, p.y - 10)
            #expect(abs(hypot(dx, dy) - 6) < 1e-9)
        }
        #expect(abs(grown.map(\.x).min()! + 6) < 1e-9 && abs(grown.map(\.y).max()! - 16) < 1e-9)
    }
}
