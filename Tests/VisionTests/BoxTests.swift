import Tensors
import Testing
import Workbook
@testable import Vision

@Suite struct BoxTests {
    @Test func conversionsMatchTorchvision() throws {
        let f = try JSONFixture.load("boxes", from: .module)
        let xyxy = f["xyxy"].tensor()
        for format in [BoxFormat.xywh, .cxcywh] {
            let converted = convertBoxes(xyxy, from: .xyxy, to: format)
            #expect(maxAbsDifference(converted.doubles, f[format.rawValue].doubles) < 1e-12)
            let back = convertBoxes(f[format.rawValue].tensor(), from: format, to: .xyxy)
            #expect(maxAbsDifference(back.doubles, xyxy.doubles) < 1e-12)
        }
        let viaCentre = convertBoxes(f["xywh"].tensor(), from: .xywh, to: .cxcywh)
        #expect(maxAbsDifference(viaCentre.doubles, f["cxcywh"].doubles) < 1e-12)
    }

    @Test func clipAreaAndSmallBoxesMatchTorchvision() throws {
        let f = try JSONFixture.load("boxes", from: .module)
        let xyxy = f["xyxy"].tensor()
        #expect(maxAbsDifference(clipBoxes(xyxy, width: 40, height: 50).doubles, f["clipped_h50_w40"].doubles) == 0)
        #expect(maxAbsDifference(boxArea(xyxy).doubles, f["area"].doubles) < 1e-12)
        #expect(maxAbsDifference(boxArea(f["cxcywh"].tensor(), format: .cxcywh).doubles, f["area"].doubles) < 1e-9)
        #expect(removeSmallBoxes(f["small_boxes"].tensor(), minSize: 1) == f["kept_min_size_1"].ints)
    }

    @Test func boxStructAgreesWithTensorForm() throws {
        let f = try JSONFixture.load("boxes", from: .module)
        let boxes = boxList(f["xyxy"].tensor())
        let fromCentre = boxList(f["cxcywh"].tensor(), format: .cxcywh)
        for (box, other) in zip(boxes, fromCentre) {
            #expect(maxAbsDifference(box.values(), other.values()) < 1e-12)
            #expect(maxAbsDifference(box.values(.xywh), Box(box.values(.xywh), format: .xywh).values(.xywh)) < 1e-12)
        }
        #expect(maxAbsDifference(boxes.map(\.area), f["area"].doubles) < 1e-12)
        let clipped = boxes.map { $0.clipped(width: 40, height: 50) }
        #expect(Tensor(boxes: clipped, dtype: .float64).doubles == f["clipped_h50_w40"].doubles)
    }

    @Test func boxIoUByHand() {
        let a = Box(x: 0, y: 0, width: 10, height: 10)
        #expect(a.iou(Box(x1: 5, y1: 0, x2: 15, y2: 10)) == 50.0 / 150.0)
        #expect(a.iou(Box(x1: 10, y1: 0, x2: 20, y2: 10)) == 0)  // touching
        #expect(a.iou(a) == 1)
        #expect(Box(centerX: 5, centerY: 5, width: 10, height: 10) == a)
    }

    @Test func conversionIsDifferentiable() {
        let x = Tensor([1, 2, 4, 3, 0.5, -1, 2, 5], shape: [2, 4], dtype: .float64)
        let weights = Tensor([1, -2, 3, 0.5, 2, 1, -1, 4], shape: [2, 4], dtype: .float64)
        let f = { (t: Tensor) in (convertBoxes(t, from: .cxcywh, to: .xyxy) * weights).sum() }
        #expect(gradientError(of: f, at: x, h: 1e-4) < 1e-7)
    }
}
