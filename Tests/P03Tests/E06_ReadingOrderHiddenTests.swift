import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P03

@Suite(.exercise("P03-E06")) struct P03_E06_Hidden {
    /// RapidOCR.sorted_boxes on 10 seeded layouts of boxes, many on shared lines.
    @Test func matchesRapidOCR() throws {
        let cases = try JSONFixture.load("geometry.json", from: .module)["reading_order"].array
        var ours: [Int] = [], reference: [Int] = []
        for c in cases {
            ours += try readingOrder(c["boxes"].array.map(points))
            reference += c["order"].ints
        }
        try checkEqual(ours, reference, "reading order")
        try checkEqual(try readingOrder([]), [], "no boxes")
    }
}
