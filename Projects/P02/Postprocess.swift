import DeepLearning

// From raw head outputs to detections (ultralytics' `Detect._inference` then
// `ops.non_max_suppression`):
//   1. DFL decode: expected distances → xyxy boxes in grid units → × stride = input pixels
//   2. class probabilities = sigmoid(class logits)
//   3. keep (anchor, class) pairs above the confidence threshold (every class above it when
//      `multiLabel`, as validation does; else only the anchor's best class, as predict does)
//   4. class-aware NMS at IoU 0.7, at most `maxDetections` per image

/// One detected object on the network input (pixels of the square input).
struct DetectedBox: Sendable, Equatable {
    var box: Box
    var score: Double
    var label: Int
}

struct PostprocessOptions: Sendable {
    /// 0.25 to show predictions, 0.001 to evaluate (the whole precision–recall curve).
    var confidence = 0.25
    var iou = 0.7
    var multiLabel = false
    var maxDetections = 300
    /// At most this many candidates, the best ones, go into NMS (ultralytics' max_nms).
    var maxCandidates = 30_000

    static let predict = PostprocessOptions()
    static let evaluate = PostprocessOptions(confidence: 0.001, multiLabel: true)
}

/// Boxes [B, A, 4] in input pixels and class probabilities [B, A, C] from raw predictions.
func decodePredictions(_ raw: Tensor, anchors: AnchorPoints, bins: Int) -> (boxes: Tensor, probabilities: Tensor) {
    let (batch, count) = (raw.shape[0], raw.shape[2])
    let perAnchor = raw.permute([0, 2, 1])
    let split = perAnchor.split(sizes: [4 * bins, raw.shape[1] - 4 * bins], axis: 2)
    let distances = expectedDistances(split[0].reshape([batch, count, 4, bins]), binValues: (0..<bins).map(Float.init))
    let boxes = boxesFromDistances(distances, anchors: anchors.tensor.unsqueeze(axis: 0)) * anchors.strideTensor.unsqueeze(axis: 0)
    return (boxes, split[1].sigmoid())
}

/// Detections of each image of a batch of raw predictions.
func postprocess(_ raw: Tensor, anchors: AnchorPoints, bins: Int, options: PostprocessOptions) -> [[DetectedBox]] {
    let (boxes, probabilities) = noGrad { decodePredictions(raw, anchors: anchors, bins: bins) }
    let (batch, count, classes) = (probabilities.shape[0], probabilities.shape[1], probabilities.shape[2])
    let boxValues = boxes.doubles, scoreValues = probabilities.scalars
    return (0..<batch).map { b in
        let imageBoxes = (0..<count).map { a in Box(Array(boxValues[(b * count + a) * 4..<(b * count + a + 1) * 4])) }
        let imageScores = Array(scoreValues[(b * count * classes)..<((b + 1) * count * classes)])
        return selectDetections(boxes: imageBoxes, scores: imageScores, classes: classes, options: options)
    }
}

/// Steps 3 and 4 for one image: `boxes` [A] and class probabilities `scores` (A × classes, row-major).
func selectDetections(boxes: [Box], scores: [Float], classes: Int, options: PostprocessOptions) -> [DetectedBox] {
    precondition(scores.count == boxes.count * classes, "selectDetections: \(boxes.count) boxes need \(boxes.count * classes) scores, got \(scores.count)")
    var candidates: [DetectedBox] = []
    for (a, box) in boxes.enumerated() {
        let row = a * classes
        if options.multiLabel {
            for c in 0..<classes where Double(scores[row + c]) > options.confidence {
                candidates.append(DetectedBox(box: box, score: Double(scores[row + c]), label: c))
            }
        } else {
            var best = 0
            for c in 0..<classes where scores[row + c] > scores[row + best] { best = c }
            if Double(scores[row + best]) > options.confidence {
                candidates.append(DetectedBox(box: box, score: Double(scores[row + best]), label: best))
            }
        }
    }
    return classAwareNMS(candidates, options: options)
}

/// Class-aware NMS with ultralytics' limits: the best `maxCandidates` go in, `maxDetections` come out.
func classAwareNMS(_ candidates: [DetectedBox], options: PostprocessOptions) -> [DetectedBox] {
    ExerciseTwins.called("classAwareNMS", twinOf: ["P02-E05"])
    let pool =
        candidates.count > options.maxCandidates
        ? Array(
            candidates.enumerated().sorted { $0.element.score > $1.element.score || ($0.element.score == $1.element.score && $0.offset < $1.offset) }
                .prefix(options.maxCandidates).map(\.element))
        : candidates
    let keep = batchedNMS(
        boxes: pool.map(\.box), scores: pool.map(\.score), classes: pool.map(\.label),
        iouThreshold: options.iou, topK: options.maxDetections)
    return keep.map { pool[$0] }
}
