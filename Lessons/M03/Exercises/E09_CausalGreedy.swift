import DeepLearning

/// M03-E09 · The causal mask of a decoder: a float32 [length, length] tensor with 1 where
/// position i may attend to position j (j ≤ i) and 0 above the diagonal. Docs/M03.md#m03-e09
public func causalMask(_ length: Int) throws -> Tensor {
    // BEGIN SOLUTION
    Tensor((0..<length).flatMap { i in (0..<length).map { j in j <= i ? 1.0 : 0.0 } }, shape: [length, length], dtype: .float32)
    // END SOLUTION
}

/// M03-E09 · Greedy decoding: start from [bos], ask `step` for the log-probabilities of the
/// next token ([1, vocab] for the one prefix), append the most likely one (the lowest id
/// on a tie), and stop after EOS or `maxLength` generated tokens. Return the generated
/// tokens (without BOS, with EOS when it was produced).
public func greedyGenerate(bos: Int, eos: Int, maxLength: Int, step: NextTokenLogProbs) throws -> [Int] {
    // BEGIN SOLUTION
    var tokens: [Int] = []
    while tokens.count < maxLength {
        let row = step([[bos] + tokens]).doubles
        let next = row.indices.max { (row[$0], -$0) < (row[$1], -$1) }!
        tokens.append(next)
        if next == eos { break }
    }
    return tokens
    // END SOLUTION
}
