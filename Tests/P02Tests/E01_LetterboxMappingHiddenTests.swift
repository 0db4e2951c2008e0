import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P02

@Suite(.exercise("P02-E01")) struct P02_E01_Hidden {
    /// ultralytics' LetterBox and scale_boxes on eight image shapes (fixture), odd paddings included.
    @Test func matchesUltralytics() throws {
        let fixture = try JSONFixture.load("letterbox", from: .module)
        let size = fixture["size"].int
        var got: [Double] = [], expected: [Double] = []
        for c in fixture["cases"].array {
            let (w, h) = (c["width"].int, c["height"].int)
            let placement = try letterboxPlacement(width: w, height: h, size: size)
            got += [Double(placement.left), Double(placement.top)]
            expected += [Double(c["left"].int), Double(c["top"].int)]
            for (box, mapped) in zip(rows(c["boxes"].doubles, width: 4), rows(c["mapped"].doubles, width: 4)) {
                got += try boxToOriginal(box, width: w, height: h, size: size)
                expected += mapped
            }
        }
        try checkClose(got, expected, rtol: 1e-9, atol: 1e-9, "padding and mapped boxes")
    }
}
