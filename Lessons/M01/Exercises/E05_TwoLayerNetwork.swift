import DeepLearning

/// The parameters of a two-layer network: scores = relu(x·W1ᵀ + b1)·W2ᵀ + b2,
/// each weight stored out × in, as `Linear` stores it.
public struct TwoLayerParameters {
    public var w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor
    public init(w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) { (self.w1, self.b1, self.w2, self.b2) = (w1, b1, w2, b2) }
}

/// M01-E05 · A two-layer network's full backward pass, by hand. Docs/M01.md#m01-e05
///
/// Forward: h = relu(x·W1ᵀ + b1), scores = h·W2ᵀ + b2, loss = softmax cross-entropy
/// (mean over the batch). Return the loss and the gradients of all four
/// parameters, computed with the chain rule — no `backward()`. Reuse your
/// answers to M01-E03 and M01-E04.
public func twoLayerLossAndGradients(x: Tensor, labels: Tensor, parameters p: TwoLayerParameters) throws -> (loss: Double, gradients: TwoLayerParameters) {
    // BEGIN SOLUTION
    let z1 = x.matmul(p.w1.T) + p.b1
    let h = z1.relu()
    let scores = h.matmul(p.w2.T) + p.b2
    let (loss, dScores) = try softmaxCrossEntropy(logits: scores, labels: labels)
    let second = try linearBackward(x: h, weight: p.w2, gradOutput: dScores)
    let dZ1 = second.input * (z1 .> 0)
    let first = try linearBackward(x: x, weight: p.w1, gradOutput: dZ1)
    return (loss, TwoLayerParameters(w1: first.weight, b1: first.bias, w2: second.weight, b2: second.bias))
    // END SOLUTION
}
