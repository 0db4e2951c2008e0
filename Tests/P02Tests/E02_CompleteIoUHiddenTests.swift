import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P02

@Suite(.exercise("P02-E02")) struct P02_E02_Hidden {
    /// ultralytics' bbox_iou(CIoU=True) on 64 pairs, overlapping and disjoint (fixture).
    @Test func matchesUltralytics() throws {
        let fixture = try JSONFixture.load("ciou", from: .module)
        let a = rows(fixture["a"].doubles, width: 4), b = rows(fixture["b"].doubles, width: 4)
        let got = try zip(a, b).map { try completeIoU($0, $1) }
        try checkClose(got, fixture["ciou"].doubles, rtol: 1e-9, atol: 1e-9, "CIoU")
    }
}
