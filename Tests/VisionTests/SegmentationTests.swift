import Tensors
import Testing
import Workbook
@testable import Vision

@Suite struct SegmentationTests {
    @Test func confusionMatrixMetricsMatchNumpy() throws {
        let f = try JSONFixture.load("segmentation", from: .module)
        var cm = ConfusionMatrix(classes: f["classes"].int)
        // Two batches, accumulated.
        let (pred, target) = (f["prediction"].ints, f["target"].ints)
        let half = pred.count / 2
        cm.add(predictions: Tensor(ints: Array(pred[..<half])), targets: Tensor(ints: Array(target[..<half])))
        cm.add(predictions: Array(pred[half...]), targets: Array(target[half...]))
        #expect(cm.counts == f["confusion"].ints)
        #expect(abs(cm.pixelAccuracy - f["pixel_accuracy"].double) < 1e-15)
        #expect(maxAbsDifference(cm.iou, f["iou"].doubles) < 1e-15)
        #expect(cm.iou[4].isNaN)
        #expect(abs(cm.meanIoU - f["mean_iou"].double) < 1e-15)
        #expect(maxAbsDifference(cm.dice, f["dice"].doubles) < 1e-15)
        #expect(abs(cm.meanDice - f["mean_dice"].double) < 1e-15)
    }

    @Test func ignoredPixelsAreNotCounted() {
        var cm = ConfusionMatrix(classes: 2)
        cm.add(predictions: [0, 1, 1, 0], targets: [0, 255, 1, 1])
        #expect(cm.counts == [1, 0, 1, 1])
        #expect(cm.pixelAccuracy == 2.0 / 3.0)
        #expect(cm.classAccuracy == [1, 0.5])
    }

    @Test func softDiceMatchesNumpyAndTorchGradients() throws {
        for c in try JSONFixture.load("segmentation", from: .module)["soft_dice"].array {
            let shape = c["shape"].ints
            let probabilities = Tensor(c["probabilities"].doubles, shape: shape, dtype: .float64, requiresGrad: true)
            let target = Tensor(c["target"].doubles, shape: shape, dtype: .float64)
            #expect(maxAbsDifference(diceScore(probabilities, target).doubles, c["score"].doubles) < 1e-12)
            let loss = softDiceLoss(probabilities, target)
            #expect(abs(loss.item - c["loss"].double) < 1e-12)
            loss.backward()
            #expect(maxAbsDifference(try #require(probabilities.grad).doubles, c["grad"].doubles) < 1e-12)
            if !c["labels"].isNull {
                let labels = Tensor(ints: c["labels"].ints, shape: [shape[0]] + shape.dropFirst(2))
                #expect(abs(softDiceLoss(probabilities, labels: labels).item - c["loss"].double) < 1e-12)
            }
        }
    }

    @Test(arguments: [[2, 3, 3, 3], [1, 2, 2, 3, 3], [2, 1, 3, 3]])
    func softDiceGradientMatchesFiniteDifferences(shape: [Int]) {
        let (logits, labels) = Random.withSeed(3) {
            (Tensor.randn(shape, dtype: .float64), Tensor.randint(0, shape[1] == 1 ? 2 : shape[1], [shape[0]] + shape.dropFirst(2)))
        }
        let loss = { (x: Tensor) -> Tensor in
            shape[1] == 1
                ? softDiceLoss(x.sigmoid(), labels.reshape(shape).to(.float64))
                : softDiceLoss(x.softmax(axis: 1), labels: labels)
        }
        #expect(gradientError(of: loss, at: logits, h: 1e-4) < 1e-7)
    }

    @Test func hardMasksGiveTheDiceCoefficient() {
        // 3 pixels predicted, 2 true, 1 shared: Dice = 2·1 / (3 + 2).
        let prediction = Tensor([1, 1, 1, 0], shape: [1, 1, 2, 2], dtype: .float64)
        let target = Tensor([0, 0, 1, 1], shape: [1, 1, 2, 2], dtype: .float64)
        #expect(abs(diceScore(prediction, target, smooth: 0).item - 0.4) < 1e-15)
        #expect(abs(diceScore(target, target).item - 1) < 1e-15)
    }
}
