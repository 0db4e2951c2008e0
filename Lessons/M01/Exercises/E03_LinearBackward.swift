import DeepLearning

/// Gradients of a linear layer y = x·Wᵀ + b.
public struct LinearGradients {
    public var input: Tensor
    public var weight: Tensor
    public var bias: Tensor
    public init(input: Tensor, weight: Tensor, bias: Tensor) { (self.input, self.weight, self.bias) = (input, weight, bias) }
}

/// M01-E03 · The backward pass of a linear layer. Docs/M01.md#m01-e03
///
/// `x` is [N, D], `weight` is [M, D] (out × in, as `Linear` stores it), `gradOutput` = ∂L/∂y is [N, M].
/// Return ∂L/∂x [N, D], ∂L/∂W [M, D] and ∂L/∂b [M].
public func linearBackward(x: Tensor, weight: Tensor, gradOutput: Tensor) throws -> LinearGradients {
    // BEGIN SOLUTION
    LinearGradients(
        input: gradOutput.matmul(weight),
        weight: gradOutput.T.matmul(x),
        bias: gradOutput.sum(axis: 0))
    // END SOLUTION
}
