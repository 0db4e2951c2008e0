import Tensors

// The soft Dice score and loss for segmentation (V-Net, Milletari et al. 2016), written
// with differentiable tensor ops so a network can train on it directly. Shapes are
// [N, C, spatial...]: [N, C, H, W] for images, [N, C, D, H, W] for volumes; C = 1 for a
// binary mask of sigmoid probabilities, C classes of softmax probabilities otherwise.
//
//   dice[n, c] = (2 Σ p·t + smooth) / (Σ p + Σ t + smooth)    (sums over the spatial axes)

/// Soft Dice score per sample and class, shape [N, C]. With hard 0/1 masks it is the Dice coefficient.
/// `smooth` keeps an empty prediction of an empty target at 1 rather than 0/0.
public func diceScore(_ prediction: Tensor, _ target: Tensor, smooth: Double = 1e-5) -> Tensor {
    precondition(
        prediction.shape == target.shape && prediction.rank >= 3,
        "diceScore: prediction and target must both be [N, C, spatial...], got \(prediction.shape) and \(target.shape)")
    let spatial = Array(2..<prediction.rank)
    let overlap = (prediction * target).sum(axes: spatial)
    let total = prediction.sum(axes: spatial) + target.sum(axes: spatial)
    return (2 * overlap + smooth) / (total + smooth)
}

/// `1 - mean(diceScore)` over samples and classes: a differentiable loss for probabilities
/// [N, C, spatial...] against a one-hot (or binary) target of the same shape.
///
/// ```swift
/// let loss = softDiceLoss(logits.softmax(axis: 1), labels: masks)   // masks: int64 [N, H, W]
/// loss.backward()
/// ```
public func softDiceLoss(_ probabilities: Tensor, _ target: Tensor, smooth: Double = 1e-5) -> Tensor {
    ExerciseTwins.called("softDiceLoss", twinOf: ["M02-E11", "P05-E03"])
    return 1 - diceScore(probabilities, target, smooth: smooth).mean()
}

/// `softDiceLoss` against integer class labels [N, spatial...], one-hot encoded to match
/// `probabilities` [N, C, spatial...].
public func softDiceLoss(_ probabilities: Tensor, labels: Tensor, smooth: Double = 1e-5) -> Tensor {
    precondition(
        probabilities.rank >= 3 && labels.shape == [probabilities.shape[0]] + probabilities.shape.dropFirst(2),
        "softDiceLoss: labels \(labels.shape) must be probabilities \(probabilities.shape) without the class axis")
    let oneHot = labels.oneHot(classes: probabilities.shape[1], dtype: probabilities.dtype)  // [N, spatial..., C]
    let channelsFirst = [0, labels.rank] + Array(1..<labels.rank)
    return softDiceLoss(probabilities, oneHot.permute(channelsFirst), smooth: smooth)
}
