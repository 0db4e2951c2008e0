import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P03

@Suite(.exercise("P03-E05")) struct P03_E05_Hidden {
    /// cv2.minAreaRect + PaddleOCR's get_mini_boxes on 20 seeded rotated point clouds.
    @Test func matchesOpenCV() throws {
        let cases = try JSONFixture.load("geometry.json", from: .module)["rectangles"].array
        var ours: [Double] = [], reference: [Double] = []
        for c in cases {
            let (corners, side) = try minimumAreaRectangle(points(c["points"]))
            ours += corners.flatMap { [$0.x, $0.y] } + [side]
            reference += points(c["box"]).flatMap { [$0.x, $0.y] } + [c["short_side"].double]
        }
        try checkClose(ours, reference, rtol: 0, atol: 1e-3, "corners and short sides")
        let single = try minimumAreaRectangle([Point(3, 4)])
        try checkClose(single.corners.flatMap { [$0.x, $0.y] } + [single.shortSide], [3, 4, 3, 4, 3, 4, 3, 4, 0], "one point")
        try checkClose([try minimumAreaRectangle([Point(0, 0), Point(2, 2), Point(5, 5)]).shortSide], [0], atol: 1e-9, "points on a line")
    }
}
