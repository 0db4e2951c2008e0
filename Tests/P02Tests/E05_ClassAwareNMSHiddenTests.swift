import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P02

@Suite(.exercise("P02-E05")) struct P02_E05_Hidden {
    /// ultralytics' non_max_suppression (confidence 0.25, IoU 0.7, one label per box) on 300 clustered boxes (fixture).
    @Test func matchesUltralytics() throws {
        let f = try JSONFixture.load("nms", from: .module)
        let classes = f["classes"].int
        let xywh = rows(f["xywh"].doubles, width: 4), scores = rows(f["scores"].doubles, width: classes)
        var boxes: [[Double]] = [], best: [Double] = [], labels: [Int] = []
        for (box, row) in zip(xywh, scores) {
            let label = row.indices.max { row[$0] < row[$1] }!
            guard row[label] > 0.25 else { continue }
            boxes.append(Box(box, format: .cxcywh).values())
            best.append(row[label])
            labels.append(label)
        }
        let kept = try suppressPerClass(boxes: boxes, scores: best, classes: labels, iouThreshold: 0.7)
        let expected = rows(f["single"].doubles, width: 6)
        try checkClose(kept.map { best[$0] }, expected.map { $0[4] }, rtol: 1e-6, atol: 1e-7, "kept scores")
        try checkEqual(kept.map { labels[$0] }, expected.map { Int($0[5]) }, "kept classes")
    }
}
