import DeepLearning

/// M01-E01 · The perceptron learning rule. Docs/M01.md#m01-e01
///
/// `inputs` is [N, D], `targets` holds N labels in {0, 1}. Start from zero
/// weights and bias; for `epochs` passes over the examples in order, predict
/// ŷ = 1 if w·x + b > 0 else 0, and update w ← w + lr(y - ŷ)x, b ← b + lr(y - ŷ).
/// Return the final weights [D] and bias.
public func trainPerceptron(inputs: Tensor, targets: Tensor, epochs: Int, lr: Double = 1) throws -> (weights: Tensor, bias: Double) {
    // BEGIN SOLUTION
    let d = inputs.shape[1]
    var w = [Double](repeating: 0, count: d), b = 0.0
    let x = inputs.doubles, y = targets.doubles
    for _ in 0..<epochs {
        for i in 0..<inputs.shape[0] {
            let row = x[(i * d)..<((i + 1) * d)]
            let activation = zip(w, row).map { $0 * $1 }.reduce(b, +)
            let error = y[i] - (activation > 0 ? 1 : 0)
            for j in 0..<d { w[j] += lr * error * row[i * d + j] }
            b += lr * error
        }
    }
    return (Tensor(w, shape: [d], dtype: inputs.dtype), b)
    // END SOLUTION
}
