import Tensors

/// How a loss combines its per-element values (`reduction=` in PyTorch).
public enum Reduction: Sendable {
    /// The average (for class-index losses with weights: weighted by the targets' class weights).
    case mean
    case sum
    /// One value per element (per sample for class-index losses).
    case none
}

extension Tensor {
    /// Applies a reduction to per-element losses.
    func reduced(_ reduction: Reduction) -> Tensor {
        switch reduction {
        case .mean: return mean()
        case .sum: return sum()
        case .none: return self
        }
    }
}

private func checkSameShape(_ op: String, _ input: Tensor, _ target: Tensor) {
    precondition(input.shape == target.shape, "\(op): input shape \(input.shape) and target shape \(target.shape) must match")
}

/// Mean squared error, (input - target)² reduced (`torch.nn.functional.mse_loss`).
public func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
    checkSameShape("mseLoss", input, target)
    let diff = input - target
    return (diff * diff).reduced(reduction)
}

/// Mean absolute error, |input - target| reduced (`l1_loss`); the gradient at 0 is 0.
public func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
    checkSameShape("l1Loss", input, target)
    return (input - target).abs().reduced(reduction)
}

/// Binary cross-entropy on logits (`binary_cross_entropy_with_logits`), stable for
/// any logit because it never forms σ(x):
///
///     loss = (1 - y)·x + (1 + (posWeight - 1)·y) · softplus(-x)
///
/// - Parameters:
///   - weight: per-element weights, broadcast against the loss.
///   - posWeight: weight of positive examples per class (broadcast along the last dimension),
///     > 1 raises recall on rare positives.
public func binaryCrossEntropyWithLogits(
    _ logits: Tensor, _ targets: Tensor, weight: Tensor? = nil, posWeight: Tensor? = nil,
    reduction: Reduction = .mean
) -> Tensor {
    checkSameShape("binaryCrossEntropyWithLogits", logits, targets)
    let y = targets.to(logits.dtype)
    var logWeight = logits.scalarLike(1)
    if let posWeight { logWeight = (posWeight.to(logits.dtype) - 1) * y + 1 }
    var loss = (1 - y) * logits + logWeight * (-logits).softplus()
    if let weight { loss = loss * weight.to(logits.dtype) }
    return loss.reduced(reduction)
}

/// Binary cross-entropy on probabilities (`binary_cross_entropy`); logs are clamped
/// at -100 as in PyTorch. Prefer `binaryCrossEntropyWithLogits`, which is stable.
public func binaryCrossEntropy(_ probabilities: Tensor, _ targets: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean) -> Tensor {
    checkSameShape("binaryCrossEntropy", probabilities, targets)
    let y = targets.to(probabilities.dtype)
    var loss = -(y * probabilities.log().clamp(min: -100) + (1 - y) * (1 - probabilities).log().clamp(min: -100))
    if let weight { loss = loss * weight.to(probabilities.dtype) }
    return loss.reduced(reduction)
}

extension Tensor {
    /// A 0-d constant of this tensor's dtype.
    func scalarLike(_ value: Double) -> Tensor { Tensor(value, dtype: dtype) }
}
