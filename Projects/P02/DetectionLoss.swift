import DeepLearning
import Foundation

// YOLO11's training loss (ultralytics' `v8DetectionLoss`):
//
//   L = B · (7.5 · L_box + 0.5 · L_cls + 1.5 · L_dfl)
//
//   L_cls  BCE with logits between every anchor's class logits and the assigner's soft
//          targets, summed and divided by S = max(Σ soft targets, 1)
//   L_box  Σ over positives of (1 − CIoU(predicted, target)) · w / S, w = the anchor's soft target
//   L_dfl  distribution focal loss: the target distance d (in grid units, clamped to
//          [0, bins − 1.01]) lies between bins ⌊d⌋ and ⌊d⌋ + 1; the cross-entropy of the
//          predicted bin distribution with those two bins, weighted by closeness, mean
//          over the four sides, times w, summed / S

/// The loss gains of ultralytics' default.yaml.
struct LossGains: Sendable {
    var box = 7.5, cls = 0.5, dfl = 1.5
}

/// Distribution focal loss per row: `logits` [N, 4, bins], `targets` [N, 4] distances in bins.
/// Returns [N], the mean over the four sides (`DFLoss`). Differentiable in `logits`.
func distributionFocalLoss(_ logits: Tensor, targets: [Float]) -> Tensor {
    let (rows, bins) = (logits.shape[0], logits.shape[2])
    precondition(
        logits.rank == 3 && logits.shape[1] == 4 && targets.count == rows * 4,
        "distributionFocalLoss: expected logits [N, 4, bins] and 4·N targets, got \(logits.shape) and \(targets.count)")
    // The two-hot target: weight (⌊d⌋ + 1 − d) on bin ⌊d⌋ and (d − ⌊d⌋) on bin ⌊d⌋ + 1.
    var twoHot = [Float](repeating: 0, count: rows * 4 * bins)
    for (i, d) in targets.enumerated() {
        let left = Int(d), leftWeight = Float(left + 1) - d
        twoHot[i * bins + left] += leftWeight
        if left + 1 < bins { twoHot[i * bins + left + 1] += 1 - leftWeight }
    }
    let crossEntropy = -(logits.logSoftmax(axis: -1) * Tensor(twoHot, shape: logits.shape)).sum(axis: -1)  // [N, 4]
    return crossEntropy.mean(axis: -1)
}

/// The parts of the loss, before the batch-size factor, for the progress bar.
struct LossParts: Sendable {
    var box = 0.0, cls = 0.0, dfl = 0.0
    var total: Double { box + cls + dfl }
}

/// The training loss for a batch: raw predictions [B, 4·bins + classes, A] and each image's boxes.
struct DetectionLoss {
    let classes: Int
    let bins: Int
    let imageSize: Int
    let anchors: AnchorPoints
    var gains = LossGains()
    var assigner = TaskAlignedAssigner()

    init(model: YOLO11, imageSize: Int) {
        classes = model.classes
        bins = model.bins
        self.imageSize = imageSize
        anchors = AnchorPoints(imageSize: imageSize, strides: model.strides)
    }

    /// The loss to minimise (ultralytics multiplies by the batch size) and its parts.
    func callAsFunction(_ raw: Tensor, truths: [GroundTruthBoxes]) -> (loss: Tensor, parts: LossParts) {
        let (batch, count) = (raw.shape[0], anchors.count)
        precondition(
            raw.shape == [batch, 4 * bins + classes, count] && truths.count == batch,
            "DetectionLoss: expected predictions [\(batch), \(4 * bins + classes), \(count)] and \(batch) label sets, got \(raw.shape) and \(truths.count)")
        let perAnchor = raw.permute([0, 2, 1])  // [B, A, 4·bins + C]
        let split = perAnchor.split(sizes: [4 * bins, classes], axis: 2)
        let binLogits = split[0].reshape([batch, count, 4, bins])
        let classLogits = split[1]
        let binValues = (0..<bins).map(Float.init)
        let predictedBoxes = boxesFromDistances(
            expectedDistances(binLogits, binValues: binValues),
            anchors: anchors.tensor.unsqueeze(axis: 0))  // grid units [B, A, 4]

        // Assign targets image by image, without gradients, in pixels.
        let probabilities = noGrad { classLogits.sigmoid() }.scalars
        let boxValues = predictedBoxes.detach().scalars
        let anchorX = zip(anchors.x, anchors.stride).map(*), anchorY = zip(anchors.y, anchors.stride).map(*)
        var targetScores = [Float](), foreground: [Int] = [], targetBoxes: [Float] = [], weights: [Float] = [], distances: [Float] = []
        for (b, truth) in truths.enumerated() {
            let scores = (0..<count).map { a in Array(probabilities[(b * count + a) * classes..<(b * count + a + 1) * classes]) }
            let boxes = (0..<count).map { a -> Box in
                let v = boxValues[(b * count + a) * 4..<(b * count + a + 1) * 4].map { Double($0) * Double(anchors.stride[a]) }
                return Box(v)
            }
            let assigned = assigner.assign(scores: scores, boxes: boxes, anchorX: anchorX, anchorY: anchorY, truth: truth, classes: classes)
            targetScores += assigned.scores.flatMap { $0 }
            for a in 0..<count where assigned.foreground[a] {
                let s = Double(anchors.stride[a]), box = assigned.boxes[a]
                foreground.append(b * count + a)
                targetBoxes += [box.x1 / s, box.y1 / s, box.x2 / s, box.y2 / s].map { Float($0) }
                weights.append(assigned.scores[a].reduce(0, +))
                // Target distances in grid units, clamped below the last bin (`bbox2dist`).
                let (x, y) = (Double(anchors.x[a]), Double(anchors.y[a]))
                let limit = Double(bins - 1) - 0.01
                distances += [x - box.x1 / s, y - box.y1 / s, box.x2 / s - x, box.y2 / s - y]
                    .map { Float(Swift.min(Swift.max($0, 0), limit)) }
            }
        }
        let scoreSum = Swift.max(Double(targetScores.reduce(0, +)), 1)
        let targets = Tensor(targetScores, shape: [batch, count, classes])
        let clsLoss = binaryCrossEntropyWithLogits(classLogits, targets, reduction: .sum) / scoreSum

        var boxLoss = Tensor(0), dflLoss = Tensor(0)
        if !foreground.isEmpty {
            let index = Tensor(ints: foreground)
            let weight = Tensor(weights, shape: [foreground.count])
            let chosenBoxes = predictedBoxes.reshape([batch * count, 4]).indexSelect(axis: 0, index)
            let iou = elementwiseBoxIoU(chosenBoxes, Tensor(targetBoxes, shape: [foreground.count, 4]), kind: .complete)
            boxLoss = ((1 - iou) * weight).sum() / scoreSum
            let chosenBins = binLogits.reshape([batch * count, 4, bins]).indexSelect(axis: 0, index)
            dflLoss = (distributionFocalLoss(chosenBins, targets: distances) * weight).sum() / scoreSum
        }
        let loss = (boxLoss * gains.box + clsLoss * gains.cls + dflLoss * gains.dfl) * Double(batch)
        let parts = LossParts(box: boxLoss.item * gains.box, cls: clsLoss.item * gains.cls, dfl: dflLoss.item * gains.dfl)
        return (loss, parts)
    }
}
