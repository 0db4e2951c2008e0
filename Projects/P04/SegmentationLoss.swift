import DeepLearning

/// The training loss: cross-entropy over the labelled pixels (train id 255 ignored, as
/// PyTorch's `ignore_index=255`) plus `diceWeight` × the soft Dice loss over the same
/// pixels. Cross-entropy trains every pixel; Dice weighs each class by its own overlap,
/// so thin poles and small signs count as much as the road.
func segmentationLoss(_ logits: Tensor, labels: Tensor, diceWeight: Double) -> Tensor {
    let ce = crossEntropy(logits, labels, ignoreIndex: Cityscapes.ignore)
    guard diceWeight > 0 else { return ce }
    return ce + diceWeight * maskedDiceLoss(logits.softmax(axis: 1), labels: labels)
}

/// 1 − mean soft Dice over samples and classes, counting only pixels whose label is not 255.
func maskedDiceLoss(_ probabilities: Tensor, labels: Tensor, smooth: Double = 1) -> Tensor {
    let ids = labels.ints
    let valid = Tensor(
        ids.map { $0 == Cityscapes.ignore ? 0.0 : 1.0 }, shape: [labels.shape[0], 1] + Array(labels.shape.dropFirst()),
        dtype: probabilities.dtype)
    let classes = probabilities.shape[1]
    let clean = Tensor(ints: ids.map { $0 == Cityscapes.ignore ? 0 : $0 }, shape: labels.shape)
    let oneHot = clean.oneHot(classes: classes, dtype: probabilities.dtype).permute([0, 3, 1, 2]) * valid
    return 1 - diceScore(probabilities * valid, oneHot, smooth: smooth).mean()
}
