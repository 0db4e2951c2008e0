import DeepLearning
import Foundation
import Testing
@testable import P02

/// Each piece of the detector against ultralytics on the fixtures of scripts/p02_fixtures.py.
@Suite struct ReferenceTests {
    @Test func letterboxPlacesAndMapsBackAsUltralytics() throws {
        let fixture = try Fixture("letterbox")
        let size = fixture.int("size")
        for c in fixture.list("cases") {
            let box = Letterbox(width: c.int("width"), height: c.int("height"), size: size)
            #expect(box.padLeft == c.int("left") && box.padTop == c.int("top"), "\(c.int("width"))x\(c.int("height"))")
            #expect(box.resizedWidth == c.int("resized_width") && box.resizedHeight == c.int("resized_height"))
            for (input, expected) in zip(boxes(c.doubles("boxes")), boxes(c.doubles("mapped"))) {
                let got = box.backward(input)
                #expect(zip(got.values(), expected.values()).allSatisfy { abs($0 - $1) < 1e-9 }, "\(got) vs \(expected)")
            }
        }
        // The image itself: padded with grey to the square.
        let padded = Letterbox(width: 64, height: 32, size: 64).apply(Tensor.ones([3, 32, 64]))
        #expect(padded.shape == [3, 64, 64])
        #expect(abs(Double(padded.scalars[0]) - 114.0 / 255) < 1e-6 && padded.scalars[32 * 64 + 5] == 1)
    }

    /// The library's CIoU (the loss and the assigner use it) equals ultralytics' `bbox_iou(CIoU=True)`.
    @Test func completeIoUMatchesUltralytics() throws {
        let fixture = try Fixture("ciou")
        let a = Tensor(fixture.doubles("a"), shape: [64, 4], dtype: .float64)
        let b = Tensor(fixture.doubles("b"), shape: [64, 4], dtype: .float64)
        let got = elementwiseBoxIoU(a, b, kind: .complete).doubles
        for (g, e) in zip(got, fixture.doubles("ciou")) { #expect(abs(g - e) < 1e-6, "\(g) vs \(e)") }
    }

    @Test func distributionDecodeAndLossMatchUltralytics() throws {
        let fixture = try Fixture("dfl")
        let anchors = fixture.doubles("anchors"), strides = fixture.doubles("strides")
        let count = strides.count
        // Anchor points of a 64-pixel input, level by level.
        let grid = AnchorPoints(imageSize: 64, strides: [8, 16, 32])
        #expect(grid.x.map(Double.init) == stride(from: 0, to: anchors.count, by: 2).map { anchors[$0] })
        #expect(grid.y.map(Double.init) == stride(from: 1, to: anchors.count, by: 2).map { anchors[$0] })
        #expect(grid.stride.map(Double.init) == strides)

        let logits = Tensor(fixture.doubles("logits"), shape: [count, 4, 16], dtype: .float64)
        let distances = expectedDistances(logits.to(.float32), binValues: (0..<16).map(Float.init))
        let decoded = boxesFromDistances(distances, anchors: grid.tensor) * grid.strideTensor
        for (g, e) in zip(decoded.doubles, fixture.doubles("boxes")) { #expect(abs(g - e) < 1e-3, "\(g) vs \(e)") }

        let loss = distributionFocalLoss(logits, targets: fixture.doubles("targets").map { Float($0) })
        for (g, e) in zip(loss.doubles, fixture.doubles("loss")) { #expect(abs(g - e) < 1e-5, "\(g) vs \(e)") }
    }

    @Test func taskAlignedAssignerMatchesUltralytics() throws {
        let f = try Fixture("assigner")
        let (size, classes) = (f.int("size"), f.int("classes"))
        let grid = AnchorPoints(imageSize: size, strides: [8, 16, 32])
        let count = grid.count
        let anchorX = zip(grid.x, grid.stride).map(*), anchorY = zip(grid.y, grid.stride).map(*)
        let gtBoxes = boxes(f.doubles("gt_boxes")), gtLabels = f.ints("gt_labels")
        let predicted = boxes(f.doubles("pd_boxes")), scores = f.doubles("pd_scores")
        let targetBoxes = boxes(f.doubles("target_boxes")), targetScores = f.doubles("target_scores")
        let foreground = f.doubles("foreground"), targetIndex = f.ints("target_index")
        for (image, n) in f.ints("gt_counts").enumerated() {
            let truth = GroundTruthBoxes(labels: Array(gtLabels[image * 5..<image * 5 + n]), boxes: Array(gtBoxes[image * 5..<image * 5 + n]))
            let imageScores = (0..<count).map { a in (0..<classes).map { Float(scores[(image * count + a) * classes + $0]) } }
            let assigned = TaskAlignedAssigner().assign(scores: imageScores, boxes: Array(predicted[image * count..<(image + 1) * count]),
                                                        anchorX: anchorX, anchorY: anchorY, truth: truth, classes: classes)
            #expect(assigned.foreground.filter { $0 }.count > 10)
            for a in 0..<count {
                let i = image * count + a
                #expect(assigned.foreground[a] == (foreground[i] > 0), "image \(image) anchor \(a)")
                guard assigned.foreground[a] else { continue }
                #expect(assigned.groundTruthIndex[a] == targetIndex[i])
                #expect(assigned.boxes[a] == targetBoxes[i])
                for c in 0..<classes {
                    #expect(abs(Double(assigned.scores[a][c]) - targetScores[i * classes + c]) < 1e-5, "image \(image) anchor \(a) class \(c)")
                }
            }
        }
    }

    /// The whole loss (assigner, CIoU, DFL, BCE, gains) on random head outputs, against `v8DetectionLoss`.
    @Test func detectionLossMatchesUltralytics() throws {
        let f = try Fixture("loss")
        let (size, classes) = (f.int("size"), f.int("classes"))
        let model = YOLO11(scale: .n, classes: classes)
        let loss = DetectionLoss(model: model, imageSize: size)
        let raw = Tensor(f.doubles("raw"), shape: [2, 64 + classes, loss.anchors.count], dtype: .float32)
        var truths = [GroundTruthBoxes(labels: [], boxes: []), GroundTruthBoxes(labels: [], boxes: [])]
        let xywh = rows(f.doubles("xywh"), width: 4)
        for (i, image) in f.ints("batch_idx").enumerated() {
            truths[image].labels.append(f.ints("cls")[i])
            truths[image].boxes.append(Box(xywh[i].map { $0 * Double(size) }, format: .cxcywh))
        }
        let (total, parts) = loss(raw, truths: truths)
        let expected = f.doubles("parts")
        #expect(abs(parts.box - expected[0]) < 1e-4 * Swift.max(1, expected[0]), "box \(parts.box) vs \(expected[0])")
        #expect(abs(parts.cls - expected[1]) < 1e-4 * Swift.max(1, expected[1]), "cls \(parts.cls) vs \(expected[1])")
        #expect(abs(parts.dfl - expected[2]) < 1e-4 * Swift.max(1, expected[2]), "dfl \(parts.dfl) vs \(expected[2])")
        #expect(abs(total.item - f.double("total")) < 1e-3 * f.double("total"))
    }

    @Test func confidenceAndClassAwareNMSMatchUltralytics() throws {
        let f = try Fixture("nms")
        let classes = f.int("classes")
        let xywh = rows(f.doubles("xywh"), width: 4)
        let candidates = xywh.map { Box($0, format: .cxcywh) }
        let scores = f.doubles("scores").map { Float($0) }
        for (key, multiLabel) in [("single", false), ("multi", true)] {
            let options = PostprocessOptions(confidence: 0.25, iou: 0.7, multiLabel: multiLabel)
            let got = selectDetections(boxes: candidates, scores: scores, classes: classes, options: options)
            let expected = rows(f.doubles(key), width: 6)
            #expect(got.count == expected.count, "\(key): \(got.count) boxes vs \(expected.count)")
            for (g, e) in zip(got.sorted { $0.score > $1.score }, expected) {
                #expect(zip(g.box.values(), e[0..<4]).allSatisfy { abs($0 - $1) < 1e-3 }, "\(key): \(g.box) vs \(e)")
                #expect(abs(g.score - e[4]) < 1e-6 && g.label == Int(e[5]))
            }
        }
    }
}
