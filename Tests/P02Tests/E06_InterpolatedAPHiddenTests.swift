import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P02

@Suite(.exercise("P02-E06")) struct P02_E06_Hidden {
    /// Random rankings against the library's COCO interpolation (itself equal to pycocotools).
    @Test func matchesCOCO() throws {
        var rng = Generator(seed: 8)
        var got: [Double] = [], expected: [Double] = []
        for trial in 0..<30 {
            let n = 1 + trial * 3, positives = 1 + Int(rng.next() % UInt64(n + 3))
            var tp = 0.0, recall: [Double] = [], precision: [Double] = []
            for i in 0..<n {
                if rng.uniform() < 0.6, tp < Double(positives) { tp += 1 }
                recall.append(tp / Double(positives))
                precision.append(tp / Double(i + 1))
            }
            got.append(try interpolatedAP101(recall: recall, precision: precision))
            expected.append(ExerciseTwins.unwatched { averagePrecision(recall: recall, precision: precision, interpolation: .cocoHundredOnePoint) })
        }
        try checkClose(got, expected, rtol: 1e-12, atol: 1e-12, "AP")
    }
}
