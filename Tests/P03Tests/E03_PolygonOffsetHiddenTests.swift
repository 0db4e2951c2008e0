import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P03

@Suite(.exercise("P03-E03")) struct P03_E03_Hidden {
    /// pyclipper's round-join offset of rapidocr's boxes: the same distance, and the same grown
    /// minimum-area rectangle within a pixel (Clipper rounds to whole pixels).
    @Test func matchesPyclipperOnRapidOCRBoxes() throws {
        let cases = try JSONFixture.load("geometry.json", from: .module)["unclip"].array
        var ours: [Double] = [], reference: [Double] = []
        for c in cases {
            let box = points(c["box"])
            let d = try unclipDistance(box, ratio: 1.5)
            let grown = try offsetConvexPolygon(box.map { Point($0.x.rounded(.towardZero), $0.y.rounded(.towardZero)) }, distance: d)
            let expanded = points(c["expanded"])
            // Clipper's polygon and ours have the same extent along x and y.
            ours += [grown.map(\.x).min()!, grown.map(\.x).max()!, grown.map(\.y).min()!, grown.map(\.y).max()!]
            reference += [expanded.map(\.x).min()!, expanded.map(\.x).max()!, expanded.map(\.y).min()!, expanded.map(\.y).max()!]
        }
        #expect(cases.count >= 10)
        try checkClose(ours, reference, rtol: 0, atol: 1.0, "extent of the grown boxes")
        let reversed = try offsetConvexPolygon([Point(0, 10), Point(40, 10), Point(40, 0), Point(0, 0)], distance: 2)
        try checkClose([reversed.map(\.x).min()!, reversed.map(\.y).max()!], [-2, 12], "a polygon given the other way round")
        try checkEqual([try offsetConvexPolygon([Point(0, 0), Point(1, 1)], distance: 2).count], [0], "two points")
    }
}
