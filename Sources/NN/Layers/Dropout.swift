import Tensors

/// Inverted dropout (`torch.nn.functional.dropout`): in training, each element is
/// zeroed with probability `p` and the survivors are scaled by 1/(1-p), so the
/// expected value is unchanged and evaluation needs no rescaling. Identity when
/// `training` is false or `p` is 0. Uses the global generator (`Random.seed`).
public func dropout(_ x: Tensor, p: Double = 0.5, training: Bool = true) -> Tensor {
    precondition(p >= 0 && p <= 1, "dropout: probability has to be between 0 and 1, but got \(p)")
    guard training && p > 0 else { return x }
    if p == 1 { return x * 0 }
    let mask = Tensor.bernoulli(x.shape, p: 1 - p, dtype: x.dtype) / (1 - p)
    return x * mask
}

/// Dropout layer: active in training mode only (`model.train()` / `model.eval()`).
public final class Dropout: Module {
    public let p: Double
    public init(_ p: Double = 0.5) {
        precondition(p >= 0 && p <= 1, "Dropout: probability has to be between 0 and 1, but got \(p)")
        self.p = p
    }
    public override func forward(_ x: Tensor) -> Tensor { dropout(x, p: p, training: isTraining) }
    public override var extraDescription: String { "p: \(p)" }
}
