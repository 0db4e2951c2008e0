import DeepLearning

/// M03-E05 · One step of a GRU cell, as `torch.nn.GRUCell`. Docs/M03.md#m03-e05
///
/// `x` [B, I], `h` [B, H], `weightIH` [3H, I], `weightHH` [3H, H], biases [3H], gates
/// stacked in PyTorch's order r, z, n. Note where the reset gate acts: on W_hn·h + b_hn,
/// after the product (Cho et al.'s original applies it before).
///
///     r = σ(x·W_irᵀ + b_ir + h·W_hrᵀ + b_hr)
///     z = σ(x·W_izᵀ + b_iz + h·W_hzᵀ + b_hz)
///     n = tanh(x·W_inᵀ + b_in + r⊙(h·W_hnᵀ + b_hn))
///     h' = (1 − z)⊙n + z⊙h
public func gruCell(_ x: Tensor, h: Tensor, weightIH: Tensor, weightHH: Tensor, biasIH: Tensor, biasHH: Tensor) throws -> Tensor {
    precondition(weightIH.shape[0] == 3 * h.shape[1], "gruCell: weightIH \(weightIH.shape) must have 3·H = \(3 * h.shape[1]) rows")
    // BEGIN SOLUTION
    let fromInput = (x.matmul(weightIH.T) + biasIH).chunk(3, axis: 1)
    let fromHidden = (h.matmul(weightHH.T) + biasHH).chunk(3, axis: 1)
    let r = (fromInput[0] + fromHidden[0]).sigmoid()
    let z = (fromInput[1] + fromHidden[1]).sigmoid()
    let n = (fromInput[2] + r * fromHidden[2]).tanh()
    return (1 - z) * n + z * h
    // END SOLUTION
}
