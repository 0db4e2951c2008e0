import DeepLearning

/// M03-E04 · One step of an LSTM cell, as `torch.nn.LSTMCell`. Docs/M03.md#m03-e04
///
/// `x` [B, I], `h` and `c` [B, H], `weightIH` [4H, I], `weightHH` [4H, H], biases [4H],
/// gates stacked in PyTorch's order i, f, g, o:
///
///     [i f g o] = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh
///     i, f, o = σ(·),  g = tanh(·)
///     c' = f⊙c + i⊙g,  h' = o⊙tanh(c')
///
/// Use tensor operations only, so autograd gives the backward pass.
public func lstmCell(
    _ x: Tensor, h: Tensor, c: Tensor, weightIH: Tensor, weightHH: Tensor,
    biasIH: Tensor, biasHH: Tensor
) throws -> (h: Tensor, c: Tensor) {
    precondition(weightIH.shape[0] == 4 * h.shape[1], "lstmCell: weightIH \(weightIH.shape) must have 4·H = \(4 * h.shape[1]) rows")
    // BEGIN SOLUTION
    let gates = (x.matmul(weightIH.T) + biasIH + h.matmul(weightHH.T) + biasHH).chunk(4, axis: 1)
    let (i, f, g, o) = (gates[0].sigmoid(), gates[1].sigmoid(), gates[2].tanh(), gates[3].sigmoid())
    let cNext = f * c + i * g
    return (o * cNext.tanh(), cNext)
    // END SOLUTION
}
