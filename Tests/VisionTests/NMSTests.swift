import Tensors
import Testing
import Workbook
@testable import Vision

@Suite struct NMSTests {
    @Test func plainAndBatchedMatchTorchvision() throws {
        let f = try JSONFixture.load("nms", from: .module)
        let (boxes, scores, classes) = (f["boxes"].tensor(), f["scores"].tensor(), Tensor(ints: f["classes"].ints))
        for c in f["cases"].array {
            let threshold = c["iou_threshold"].double
            #expect(nms(boxes: boxes, scores: scores, iouThreshold: threshold) == c["nms"].ints)
            #expect(batchedNMS(boxes: boxes, scores: scores, classes: classes, iouThreshold: threshold) == c["batched_nms"].ints)
        }
    }

    @Test func scoreThresholdAndTopKMatchTorchvisionPipeline() throws {
        let f = try JSONFixture.load("nms", from: .module)
        let c = f["filtered"]
        let keep = batchedNMS(
            boxes: f["boxes"].tensor(), scores: f["scores"].tensor(), classes: Tensor(ints: f["classes"].ints),
            iouThreshold: c["iou_threshold"].double, scoreThreshold: c["score_threshold"].double,
            topK: c["top_k"].int)
        #expect(keep == c["batched_nms"].ints)
    }

    @Test func differentClassesNeverSuppressEachOther() {
        let box = Box(x1: 0, y1: 0, x2: 10, y2: 10)
        let boxes = [box, box, box, Box(x1: 1, y1: 1, x2: 10, y2: 10)]
        let scores = [0.9, 0.8, 0.7, 0.95]
        #expect(batchedNMS(boxes: boxes, scores: scores, classes: [0, 1, 0, 1], iouThreshold: 0.5) == [3, 0])
        #expect(batchedNMS(boxes: boxes, scores: scores, classes: [0, 1, 2, 3], iouThreshold: 0.5) == [3, 0, 1, 2])
        #expect(nms(boxes: boxes, scores: scores, iouThreshold: 0.5) == [3])
    }

    @Test func equalScoresKeepIndexOrderAndEmptyBoxesSurvive() {
        let box = Box(x1: 0, y1: 0, x2: 10, y2: 10), empty = Box(x1: 5, y1: 5, x2: 5, y2: 9)
        #expect(nms(boxes: [box, box, box], scores: [0.5, 0.5, 0.5], iouThreshold: 0.5) == [0])
        // Two empty boxes have IoU 0/0 = NaN, which never exceeds the threshold.
        #expect(nms(boxes: [empty, empty], scores: [0.3, 0.6], iouThreshold: 0.1) == [1, 0])
        #expect(nms(boxes: [Box](), scores: [], iouThreshold: 0.5) == [])
    }
}
