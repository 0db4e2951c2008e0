import DeepLearning

/// Class scores [N, classes, H, W] for normalised images, optionally averaged with the
/// scores of the mirrored images (horizontal-flip test-time augmentation).
func predictScores(_ model: Module, _ x: Tensor, flip: Bool = false) -> Tensor {
    noGrad {
        let p = model(x).softmax(axis: 1)
        guard flip else { return p }
        return 0.5 * (p + mirrored(model(mirrored(x)).softmax(axis: 1)))
    }
}

/// The most likely class of every pixel: [N·H·W] train ids.
func argmaxClasses(_ scores: Tensor) -> [Int] {
    let (n, c, h, w) = (scores.shape[0], scores.shape[1], scores.shape[2], scores.shape[3])
    let p = scores.scalars
    var out = [Int](repeating: 0, count: n * h * w)
    for i in 0..<n {
        for q in 0..<(h * w) {
            var best = 0, top = -Float.infinity
            for k in 0..<c where p[(i * c + k) * h * w + q] > top { (best, top) = (k, p[(i * c + k) * h * w + q]) }
            out[i * h * w + q] = best
        }
    }
    return out
}

/// One confusion matrix over a whole split (the Cityscapes way: IoU from the summed
/// counts, not an average of per-image IoUs), pixels labelled 255 left out.
func confusion(of model: Module, on images: [LabelledImage], batchSize: Int, flip: Bool = false) -> ConfusionMatrix {
    model.eval()
    var matrix = ConfusionMatrix(classes: Cityscapes.trainClasses)
    for start in stride(from: 0, to: images.count, by: batchSize) {
        let indices = Array(start..<min(start + batchSize, images.count))
        let (x, y) = batch(images, indices)
        matrix.add(predictions: argmaxClasses(predictScores(model, x, flip: flip)), targets: y.ints, ignoreIndex: Cityscapes.ignore)
    }
    return matrix
}

/// `x` [N, C, H, W] mirrored left–right.
func mirrored(_ x: Tensor) -> Tensor {
    let w = x.shape[3], values = x.scalars
    var out = values
    for row in 0..<(values.count / w) {
        for i in 0..<w { out[row * w + i] = values[row * w + w - 1 - i] }
    }
    return Tensor(out, shape: x.shape)
}
