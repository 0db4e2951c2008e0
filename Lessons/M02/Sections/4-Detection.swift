import DeepLearning
import Foundation
import Workbook

/// Section 4: the pieces every detector is built from, on a generated scene —
/// anchors, IoU, box coding, non-maximum suppression and DETR's bipartite matching.
func detectionPieces(_ lesson: LessonContext) throws {
    let (image, objects) = detectionScene()
    let truth = Tensor(boxes: objects.map(\.box), dtype: .float64)
    print("A 128×128 scene with \(objects.count) objects: " + objects.map { "\($0.kind.name) \(boxText($0.box))" }.joined(separator: ", "))

    // Anchors: 9 per cell of an 8×8 feature map (stride 16), as Faster R-CNN's RPN places them.
    let generator = AnchorGenerator(sizes: [[16, 32, 64]], aspectRatios: [[0.5, 1, 2]])
    let anchors = generator.anchors(imageHeight: 128, imageWidth: 128, featureMapSizes: [(8, 8)], dtype: .float64)
    let iou = lesson.exercise("M02-E07") { try iouMatrix(anchors, truth) } ?? pairwiseBoxIoU(anchors, truth)
    print("\n\(anchors.shape[0]) anchors (8×8 cells × 3 sizes × 3 aspect ratios); IoU with each object:")
    var best: [Int] = []
    for (j, object) in objects.enumerated() {
        let column = iou.slice(axis: 1, start: j, end: j + 1).doubles
        let k = column.indices.max { column[$0] < column[$1] }!
        best.append(k)
        let positives = column.filter { $0 >= 0.5 }.count, negatives = column.filter { $0 < 0.3 }.count
        print(
            "  \(padded(object.kind.name, 6)) best anchor #\(k) \(boxText(boxList(anchors)[k])) IoU \(String(format: "%.3f", column[k]));  \(positives) anchors ≥ 0.5 (positive), \(negatives) < 0.3 (negative)"
        )
    }
    let bestAnchors = anchors.indexSelect(axis: 0, Tensor(ints: best))
    if let offsets = lesson.exercise("M02-E09", { try encodeBoxes(truth, anchors: bestAnchors) }),
        let decoded = lesson.exercise("M02-E09", { try decodeBoxes(offsets, anchors: bestAnchors) })
    {
        print("Regression targets (M02-E09) (dx, dy, dw, dh) from each best anchor to its object:")
        for j in 0..<objects.count { print("  \(padded(objects[j].kind.name, 6)) \(fourDigits(offsets.doubles[(4 * j)..<(4 * j + 4)]))") }
        print("  decoded back: max |error| = \(String(format: "%.1e", (decoded - truth).abs().max().item)) pixels")
    }
    var anchorsCanvas = Canvas(image: image)
    for (j, object) in objects.enumerated() {
        anchorsCanvas.drawBox(object.box, label: object.kind.name, color: .series(j))
        anchorsCanvas.drawBox(boxList(anchors)[best[j]], color: .grey, thickness: 1)
    }
    try upscaled(anchorsCanvas, 2).write(to: lesson.figureURL("detection_anchors.png"))

    // Candidates as a detector's head would output them: several near each object, a few stray ones.
    var rng = Generator(seed: 40)
    var candidates: [Box] = [], scores: [Double] = []
    for object in objects {
        for _ in 0..<8 {
            let b = object.box, jitter = { (scale: Double) in 0.12 * scale * rng.normal() }
            let box = Box(x1: b.x1 + jitter(b.width), y1: b.y1 + jitter(b.height), x2: b.x2 + jitter(b.width), y2: b.y2 + jitter(b.height))
            candidates.append(box)
            scores.append(min(0.99, 0.3 + 0.6 * box.iou(b) + 0.05 * rng.normal()))
        }
    }
    for _ in 0..<4 {
        let (x, y, w, h) = (rng.uniform() * 90, rng.uniform() * 90, 15 + rng.uniform() * 30, 15 + rng.uniform() * 30)
        candidates.append(Box(x: x, y: y, width: w, height: h))
        scores.append(0.1 + 0.25 * rng.uniform())
    }
    let boxes = Tensor(boxes: candidates, dtype: .float64), scoreTensor = Tensor(scores, shape: [scores.count], dtype: .float64)
    let libraryKeep = nms(boxes: boxes, scores: scoreTensor, iouThreshold: 0.5)
    print("\n\(candidates.count) candidate boxes; NMS at IoU 0.5 keeps \(libraryKeep.count): indices \(libraryKeep)")
    if let mine = lesson.exercise("M02-E08", { try nonMaximumSuppression(boxes: boxes, scores: scoreTensor, iouThreshold: 0.5) }) {
        print("  your NMS (M02-E08) keeps \(mine) — \(mine == libraryKeep ? "the same" : "DIFFERENT from the library")")
    }
    let kept = libraryKeep.filter { scores[$0] > 0.5 }
    print(
        "  with a score threshold of 0.5: \(kept.count) detections, best IoU with the truth "
            + kept.map { k in String(format: "%.2f", objects.map { $0.box.iou(candidates[k]) }.max()!) }.joined(separator: ", "))
    var before = Canvas(image: image), after = Canvas(image: image)
    for (k, box) in candidates.enumerated() { before.drawBox(box, color: .series(k / 8), thickness: 1) }
    for k in kept { after.drawBox(candidates[k], label: String(format: "%.2f", scores[k]), color: .series(k / 8)) }
    try upscaled(sideBySide([before, after]), 2).write(to: lesson.figureURL("detection_nms.png"))

    // DETR: a fixed set of queries, each predicting a box and a class (or "no object").
    let queries = 5
    var predicted: [Box] = [], probabilities: [Double] = []
    let order = [2, -1, 0, 1, -1]  // which object each query has found (−1: none)
    for q in 0..<queries {
        let target = order[q] >= 0 ? objects[order[q]].box : Box(x: 10 + 20 * Double(q), y: 100, width: 20, height: 20)
        predicted.append(
            Box(x1: target.x1 + 3 * rng.normal(), y1: target.y1 + 3 * rng.normal(), x2: target.x2 + 3 * rng.normal(), y2: target.y2 + 3 * rng.normal()))
        let likely = order[q] >= 0 ? objects[order[q]].kind.rawValue : 0
        probabilities += (0..<3).map { $0 == likely ? 0.8 : 0.1 }
    }
    // Costs on normalised coordinates, as DETR computes them.
    let scale = { (boxes: [Box]) in Tensor(boxes: boxes.map { Box(x1: $0.x1 / 128, y1: $0.y1 / 128, x2: $0.x2 / 128, y2: $0.y2 / 128) }, dtype: .float64) }
    if let match = lesson.exercise(
        "M02-E10",
        {
            try detrMatch(
                probabilities: Tensor(probabilities, shape: [queries, 3], dtype: .float64), predictedBoxes: scale(predicted),
                labels: Tensor(ints: objects.map(\.kind.rawValue)), targetBoxes: scale(objects.map(\.box)))
        })
    {
        print("\nDETR-style matching (M02-E10) of \(queries) queries to \(objects.count) objects; cost matrix (query × object):")
        for q in 0..<queries { print("  query \(q): \(fourDigits(match.cost.doubles[(q * objects.count)..<((q + 1) * objects.count)]))") }
        print(
            "  Hungarian assignment: " + match.queryForObject.enumerated().map { "object \($0.offset) ← query \($0.element)" }.joined(separator: ", ")
                + "; queries \(Set(0..<queries).subtracting(match.queryForObject).sorted()) learn \"no object\".")
    }
    print("\nHow detectors use these pieces:")
    print("  Faster R-CNN: anchors + IoU labelling → RPN proposals (box coding, NMS) → RoIAlign → per-class heads → NMS.")
    print("  YOLO: one pass over a grid; each cell regresses boxes (anchors up to v5, anchor-free since v8), then NMS.")
    print("  DETR: a transformer outputs a fixed set of boxes; Hungarian matching pairs them one-to-one with the objects, so no NMS.")
}

func boxText(_ b: Box) -> String { String(format: "(%.0f, %.0f, %.0f, %.0f)", b.x1, b.y1, b.x2, b.y2) }

func fourDigits<C: Collection>(_ values: C) -> String where C.Element == Double {
    "[" + values.map { String(format: "% .3f", $0) }.joined(separator: ", ") + "]"
}

/// Canvases placed left to right with a small gap.
func sideBySide(_ canvases: [Canvas], gap: Int = 8) -> Canvas {
    let width = canvases.reduce(0) { $0 + $1.width } + gap * (canvases.count - 1)
    var out = Canvas(width: width, height: canvases.map(\.height).max() ?? 0)
    var left = 0
    for canvas in canvases {
        for y in 0..<canvas.height { for x in 0..<canvas.width { out[left + x, y] = canvas[x, y] } }
        left += canvas.width + gap
    }
    return out
}

/// `canvas` enlarged `factor` times (nearest neighbour), for small pictures.
func upscaled(_ canvas: Canvas, _ factor: Int) -> Canvas {
    var out = Canvas(width: canvas.width * factor, height: canvas.height * factor)
    for y in 0..<out.height { for x in 0..<out.width { out[x, y] = canvas[x / factor, y / factor] } }
    return out
}
