import DeepLearning
import Workbook
import Foundation
import Testing
@testable import P02

/// Each piece of the detector against ultralytics on the fixtures of scripts/p02_fixtures.py.
@Suite struct ReferenceTests {
    @Test func letterboxPlacesAndMapsBackAsUltralytics() throws {
        let fixture = try JSONFixture.load("letterbox", from: .module)
        let size = fixture["size"].int
        for c in fixture["cases"].array {
            let box = Letterbox(width: c["width"].int, height: c["height"].int, size: size)
            #expect(box.padLeft == c["left"].int && box.padTop == c["top"].int, "\(c["width"].int)x\(c["height"].int)")
            #expect(box.resizedWidth == c["resized_width"].int && box.resizedHeight == c["resized_height"].int)
            for (input, expected) in zip(boxes(c["boxes"].doubles), boxes(c["mapped"].doubles)) {
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
        let fixture = try JSONFixture.load("ciou", from: .module)
        let a = Tensor(fixture["a"].doubles, shape: [64, 4], dtype: .float64)
        let b = Tensor(fixture["b"].doubles, shape: [64, 4], dtype: .float64)
        let got = elementwiseBoxIoU(a, b, kind: .complete).doubles
        for (g, e) in zip(got, fixture["ciou"].doubles) { #expect(abs(g - e) < 1e-6, "\(g) vs \(e)") }
    }

    @Test func distributionDecodeAndLossMatchUltralytics() throws {
        let fixture = try JSONFixture.load("dfl", from: .module)
        let anchors = fixture["anchors"].doubles, strides = fixture["strides"].doubles
        let count = strides.count
        // Anchor points of a 64-pixel input, level by level.
        let grid = AnchorPoints(imageSize: 64, strides: [8, 16, 32])
        #expect(grid.x.map(Double.init) == stride(from: 0, to: anchors.count, by: 2).map { anchors[$0] })
        #expect(grid.y.map(Double.init) == stride(from: 1, to: anchors.count, by: 2).map { anchors[$0] })
        #expect(grid.stride.map(Double.init) == strides)

        let logits = Tensor(fixture["logits"].doubles, shape: [count, 4, 16], dtype: .float64)
        let distances = expectedDistances(logits.to(.float32), binValues: (0..<16).map(Float.init))
        let decoded = boxesFromDistances(distances, anchors: grid.tensor) * grid.strideTensor
        for (g, e) in zip(decoded.doubles, fixture["boxes"].doubles) { #expect(abs(g - e) < 1e-3, "\(g) vs \(e)") }

        let loss = distributionFocalLoss(logits, targets: fixture["targets"].doubles.map { Float($0) })
        for (g, e) in zip(loss.doubles, fixture["loss"].doubles) { #expect(abs(g - e) < 1e-5, "\(g) vs \(e)") }
    }

    @Test func taskAlignedAssignerMatchesUltralytics() throws {
        let f = try JSONFixture.load("assigner", from: .module)
        let (size, classes) = (f["size"].int, f["classes"].int)
        let grid = AnchorPoints(imageSize: size, strides: [8, 16, 32])
        let count = grid.count
        let anchorX = zip(grid.x, grid.stride).map(*), anchorY = zip(grid.y, grid.stride).map(*)
        let gtBoxes = boxes(f["gt_boxes"].doubles), gtLabels = f["gt_labels"].ints
        let predicted = boxes(f["pd_boxes"].doubles), scores = f["pd_scores"].doubles
        let targetBoxes = boxes(f["target_boxes"].doubles), targetScores = f["target_scores"].doubles
        let foreground = f["foreground"].doubles, targetIndex = f["target_index"].ints
        for (image, n) in f["gt_counts"].ints.enumerated() {
            let truth = GroundTruthBoxes(labels: Array(gtLabels[image * 5..<image * 5 + n]), boxes: Array(gtBoxes[image * 5..<image * 5 + n]))
            let imageScores = (0..<count).map { a in (0..<classes).map { Float(scores[(image * count + a) * classes + $0]) } }
            let assigned = TaskAlignedAssigner().assign(
                scores: imageScores, boxes: Array(predicted[image * count..<(image + 1) * count]),
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
        let f = try JSONFixture.load("loss", from: .module)
        let (size, classes) = (f["size"].int, f["classes"].int)
        let model = YOLO11(scale: .n, classes: classes)
        let loss = DetectionLoss(model: model, imageSize: size)
        let raw = Tensor(f["raw"].doubles, shape: [2, 64 + classes, loss.anchors.count], dtype: .float32)
        var truths = [GroundTruthBoxes(labels: [], boxes: []), GroundTruthBoxes(labels: [], boxes: [])]
        let xywh = rows(f["xywh"].doubles, width: 4)
        for (i, image) in f["batch_idx"].ints.enumerated() {
            truths[image].labels.append(f["cls"].ints[i])
            truths[image].boxes.append(Box(xywh[i].map { $0 * Double(size) }, format: .cxcywh))
        }
        let (total, parts) = loss(raw, truths: truths)
        let expected = f["parts"].doubles
        #expect(abs(parts.box - expected[0]) < 1e-4 * Swift.max(1, expected[0]), "box \(parts.box) vs \(expected[0])")
        #expect(abs(parts.cls - expected[1]) < 1e-4 * Swift.max(1, expected[1]), "cls \(parts.cls) vs \(expected[1])")
        #expect(abs(parts.dfl - expected[2]) < 1e-4 * Swift.max(1, expected[2]), "dfl \(parts.dfl) vs \(expected[2])")
        #expect(abs(total.item - f["total"].double) < 1e-3 * f["total"].double)
    }

    @Test func confidenceAndClassAwareNMSMatchUltralytics() throws {
        let f = try JSONFixture.load("nms", from: .module)
        let classes = f["classes"].int
        let xywh = rows(f["xywh"].doubles, width: 4)
        let candidates = xywh.map { Box($0, format: .cxcywh) }
        let scores = f["scores"].doubles.map { Float($0) }
        for (key, multiLabel) in [("single", false), ("multi", true)] {
            let options = PostprocessOptions(confidence: 0.25, iou: 0.7, multiLabel: multiLabel)
            let got = selectDetections(boxes: candidates, scores: scores, classes: classes, options: options)
            let expected = rows(f[key].doubles, width: 6)
            #expect(got.count == expected.count, "\(key): \(got.count) boxes vs \(expected.count)")
            for (g, e) in zip(got.sorted { $0.score > $1.score }, expected) {
                #expect(zip(g.box.values(), e[0..<4]).allSatisfy { abs($0 - $1) < 1e-3 }, "\(key): \(g.box) vs \(e)")
                #expect(abs(g.score - e[4]) < 1e-6 && g.label == Int(e[5]))
            }
        }
    }
}
