import DeepLearning
import Foundation
import Workbook

/// Section 5: a small U-Net learns to label every pixel of generated pictures as
/// background, square or disc, with cross-entropy plus Dice; then RoIAlign, the
/// operation Mask R-CNN uses to cut a fixed-size feature patch out of any box.
func segmentation(_ lesson: LessonContext) throws {
    let train = shapesSegmentationData(count: 480, seed: 50), test = shapesSegmentationData(count: 120, seed: 51)
    let classNames = ["background", "square", "disc"]
    Random.seed(5)
    let model = TinyUNet(classes: 3)
    let optimizer = Adam(model.parameters(), lr: 3e-3)
    let epochs = 8
    print("\(train.count) training and \(test.count) test pictures of 32×32 with a square and a disc; TinyUNet, \(grouped(model.parameterCount)) parameters.")
    print("Loss: pixel cross-entropy + soft Dice (1 − mean Dice over the three classes); Adam 3e-3, batch 16, \(epochs) epochs.")
    let loader = DataLoader(train, batchSize: 16, shuffle: true, seed: 5)
    var losses: [Double] = [], mIoUs: [Double] = []
    for epoch in 1...epochs {
        model.train()
        let bar = ProgressBar(total: loader.count, label: "Epoch \(epoch)/\(epochs)")
        var total = 0.0
        for (step, (x, y)) in loader.batches(epoch: epoch - 1).enumerated() {
            let logits = model(x)
            let loss = crossEntropy(logits, y) + softDiceLoss(logits.softmax(axis: 1), labels: y)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            total += loss.item
            bar.update(step + 1, values: [("loss", total / Double(step + 1))])
        }
        losses.append(total / Double(loader.count))
        mIoUs.append(segmentationScores(model, test).meanIoU)
        bar.finish(values: [("loss", losses.last!), ("test mIoU", mIoUs.last!)])
    }
    let scores = segmentationScores(model, test)
    print(
        "Test pixel accuracy \(pct(scores.pixelAccuracy)); IoU per class: "
            + zip(classNames, scores.iou).map { "\($0) \(String(format: "%.3f", $1))" }.joined(separator: ", ")
            + "; mIoU \(String(format: "%.3f", scores.meanIoU))")
    try plotTrainingCurves(
        [("training loss", losses), ("test mIoU", mIoUs)], title: Messages().text("TinyUNet on generated shapes", zh: "生成形状上的 TinyUNet"),
        to: lesson.figureURL("unet_training.png"))

    // Overlays: input, truth, prediction for six test pictures.
    let shown = 6
    let inputs = test.inputs.slice(axis: 0, start: 0, end: shown)
    let predictions = noGrad { model.predict(inputs).argmax(axis: 1) }
    var panels: [Canvas] = []
    for i in 0..<shown {
        let picture = upsample(inputs[i].unsqueeze(axis: 0) + 0.5, scaleFactor: 3).squeeze(axis: 0)
        var truth = Canvas(image: picture), guess = Canvas(image: picture)
        truth.overlayMask(upsample(test.targets[i].to(.float32).reshape([1, 1, 32, 32]), scaleFactor: 3).reshape([96, 96]).to(.int64), alpha: 0.5)
        guess.overlayMask(upsample(predictions[i].to(.float32).reshape([1, 1, 32, 32]), scaleFactor: 3).reshape([96, 96]).to(.int64), alpha: 0.5)
        panels.append(sideBySide([truth, guess], gap: 2))
    }
    try sideBySide(panels, gap: 10).write(to: lesson.figureURL("unet_masks.png"))
    print("Masks drawn: each pair is truth | prediction (orange square, green disc).")

    let probabilities = noGrad { model.predict(inputs).softmax(axis: 1) }
    let foreground = 1 - probabilities.slice(axis: 1, start: 0, end: 1)
    let target = (test.targets.slice(axis: 0, start: 0, end: shown) .> 0).to(.float32).unsqueeze(axis: 1)
    if let (loss, _) = lesson.exercise("M02-E11", { try diceLoss(foreground.to(.float64), target.to(.float64)) }) {
        print(
            "Your soft Dice loss (M02-E11) on foreground vs background of six test pictures: \(String(format: "%.4f", loss.item)) "
                + "(library: \(String(format: "%.4f", softDiceLoss(foreground, target, smooth: 1).item)))")
    }

    // RoIAlign: a 7×7 patch of a box that does not sit on the pixel grid.
    let feature = noGrad { model.enc1(inputs.slice(axis: 0, start: 0, end: 1)) }  // [1, 16, 32, 32]
    let box = Box(x1: 3.3, y1: 5.6, x2: 20.1, y2: 17.9)
    let pooled = roiAlign(
        feature, boxes: Tensor([0, box.x1, box.y1, box.x2, box.y2], shape: [1, 5], dtype: .float32),
        outputSize: 7, samplingRatio: 2)
    print("\nRoIAlign of box \(box) on the first encoder's 16×32×32 features → \(pooled.shape).")
    if let bins = lesson.exercise(
        "M02-E12",
        {
            try (0..<49).map { try roiAlignBin(feature: feature[0][0], box: box, outputSize: 7, row: $0 / 7, column: $0 % 7, samplingRatio: 2) }
        })
    {
        let reference = pooled[0][0].doubles
        print("  your bins (M02-E12), channel 0: max |difference| from roiAlign = \(String(format: "%.1e", zip(bins, reference).map { abs($0 - $1) }.max()!))")
    }
    print("Mask R-CNN = Faster R-CNN + a small FCN that predicts a 28×28 mask inside each RoIAlign patch.")
    print("Segment Anything (SAM) = a large image encoder run once + a light prompt encoder (points, boxes) + a mask decoder.")
}

/// Pixel accuracy and IoU of `model`'s argmax labels over `data`.
func segmentationScores(_ model: Module, _ data: TensorDataset) -> ConfusionMatrix {
    var matrix = ConfusionMatrix(classes: 3)
    let predictions = model.predict(data.inputs).argmax(axis: 1)
    matrix.add(predictions: predictions, targets: data.targets)
    return matrix
}
