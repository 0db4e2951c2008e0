import DeepLearning

/// M03-E11 · BERT's masking for the masked-language-model objective (Devlin et al. 2019).
/// Docs/M03.md#m03-e11
///
/// Every token that is not in `special` is selected with probability `probability`
/// (draw `Double.random(in: 0..<1, using: &generator)` once per token, in order, and
/// select it when the draw is below `probability`). A selected token is replaced by
/// `maskId` 80% of the time, by a random token id in `0..<vocabularySize` 10% of the
/// time, and kept 10% of the time (a second draw decides). `labels` hold the original
/// token where it was selected and -100 (the ignore index of cross-entropy) elsewhere.
public func maskTokens(
    _ tokens: [Int], vocabularySize: Int, maskId: Int, special: Set<Int>, probability: Double = 0.15,
    generator: inout Generator
) throws -> (inputs: [Int], labels: [Int]) {
    // BEGIN SOLUTION
    var inputs = tokens, labels = [Int](repeating: -100, count: tokens.count)
    for (i, token) in tokens.enumerated() where !special.contains(token) {
        guard Double.random(in: 0..<1, using: &generator) < probability else { continue }
        labels[i] = token
        let roll = Double.random(in: 0..<1, using: &generator)
        if roll < 0.8 {
            inputs[i] = maskId
        } else if roll < 0.9 {
            inputs[i] = Int.random(in: 0..<vocabularySize, using: &generator)
        }
    }
    return (inputs, labels)
    // END SOLUTION
}
