/// P04-E02 · Atrous convolution: output size and receptive field. Docs/P04.md#p04-e02
///
/// `convolutionOutputSize`: PyTorch's ⌊(n + 2p − d·(k − 1) − 1) / s⌋ + 1 for input size n,
/// kernel k, stride s, padding p and dilation d (a dilated kernel spans d·(k − 1) + 1 pixels).
///
/// `receptiveField`: how many input pixels along one axis one output pixel of a stack of
/// layers sees. Walking from the input: r starts at 1 and the jump (input pixels between
/// neighbouring outputs) at 1; each layer adds d·(k − 1)·jump to r, then multiplies jump by s.
public func convolutionOutputSize(input: Int, kernel: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1) throws -> Int {
    // BEGIN SOLUTION
    return (input + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1
    // END SOLUTION
}

public func receptiveField(_ layers: [(kernel: Int, stride: Int, dilation: Int)]) throws -> Int {
    // BEGIN SOLUTION
    var (field, jump) = (1, 1)
    for layer in layers {
        field += layer.dilation * (layer.kernel - 1) * jump
        jump *= layer.stride
    }
    return field
    // END SOLUTION
}
