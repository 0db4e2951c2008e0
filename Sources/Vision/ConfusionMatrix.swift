import Tensors

/// Counts of (true class, predicted class) pairs over every labelled pixel (or voxel),
/// from which the usual segmentation scores follow. Accumulate batch by batch, then read.
///
///     IoU_c  = TP_c / (TP_c + FP_c + FN_c)      Dice_c = 2·TP_c / (2·TP_c + FP_c + FN_c)
///
/// ```swift
/// var cm = ConfusionMatrix(classes: 19)
/// for (image, mask) in validation { cm.add(predictions: model(image).argmax(axis: 1), targets: mask) }
/// print(cm.pixelAccuracy, cm.meanIoU)
/// ```
public struct ConfusionMatrix: Sendable, Equatable {
    public let classes: Int
    /// Row-major counts: `counts[target * classes + prediction]`.
    public private(set) var counts: [Int]

    public init(classes: Int) {
        precondition(classes > 0, "ConfusionMatrix: needs at least one class, got \(classes)")
        self.classes = classes
        counts = [Int](repeating: 0, count: classes * classes)
    }

    /// How many pixels of class `target` were predicted as `prediction`.
    public subscript(target: Int, prediction: Int) -> Int { counts[target * classes + prediction] }

    /// Adds pixels; those whose target is `ignoreIndex` (255, "void", by default) are skipped.
    public mutating func add(predictions: [Int], targets: [Int], ignoreIndex: Int? = 255) {
        ExerciseTwins.called("ConfusionMatrix", twinOf: ["P04-E01"])
        precondition(
            predictions.count == targets.count,
            "ConfusionMatrix.add: \(predictions.count) predictions but \(targets.count) targets")
        for (p, t) in zip(predictions, targets) where t != ignoreIndex {
            precondition(
                (0..<classes).contains(t) && (0..<classes).contains(p),
                "ConfusionMatrix.add: class index out of range 0..<\(classes) (target \(t), prediction \(p))")
            counts[t * classes + p] += 1
        }
    }

    /// Adds integer label maps of one shape (e.g. `logits.argmax(axis: 1)` and the mask).
    public mutating func add(predictions: Tensor, targets: Tensor, ignoreIndex: Int? = 255) {
        precondition(
            predictions.shape == targets.shape,
            "ConfusionMatrix.add: predictions \(predictions.shape) and targets \(targets.shape) differ in shape")
        add(predictions: predictions.ints, targets: targets.ints, ignoreIndex: ignoreIndex)
    }

    private func truePositives(_ c: Int) -> Int { self[c, c] }
    /// Pixels of class `c` (row sum).
    private func actual(_ c: Int) -> Int { (0..<classes).map { self[c, $0] }.reduce(0, +) }
    /// Pixels predicted as `c` (column sum).
    private func predicted(_ c: Int) -> Int { (0..<classes).map { self[$0, c] }.reduce(0, +) }

    /// Fraction of counted pixels whose prediction is right.
    public var pixelAccuracy: Double {
        Double((0..<classes).map(truePositives).reduce(0, +)) / Double(counts.reduce(0, +))
    }

    /// Per-class recall TP/(TP+FN); NaN for a class with no pixels. Its mean is FCN's "mean accuracy".
    public var classAccuracy: [Double] {
        (0..<classes).map { Double(truePositives($0)) / Double(actual($0)) }
    }

    /// Per-class IoU; NaN for a class that is neither present nor predicted.
    public var iou: [Double] {
        (0..<classes).map { c in Double(truePositives(c)) / Double(actual(c) + predicted(c) - truePositives(c)) }
    }

    /// Mean IoU over the classes where it is defined (numpy's `nanmean`).
    public var meanIoU: Double { nanMean(iou) }

    /// Per-class Dice (F1); NaN for a class that is neither present nor predicted.
    public var dice: [Double] {
        (0..<classes).map { c in 2 * Double(truePositives(c)) / Double(actual(c) + predicted(c)) }
    }

    /// Mean Dice over the classes where it is defined.
    public var meanDice: Double { nanMean(dice) }
}

/// Mean of the non-NaN values (NaN if there are none).
func nanMean(_ values: [Double]) -> Double {
    let defined = values.filter { !$0.isNaN }
    return defined.isEmpty ? .nan : defined.reduce(0, +) / Double(defined.count)
}
