import DeepLearning

/// A sentence prepared for masked language modelling: what the model reads, and what it
/// must predict (`-100` where nothing is predicted, as `crossEntropy`'s `ignoreIndex`).
public struct MaskedSentence: Equatable, Sendable {
    public var inputs: [Int]
    public var targets: [Int]
}

/// P07-E09 · Whole-word masking with 80/10/10. Docs/P07.md#p07-e09
///
/// Chinese BERT reads characters, but masking single characters lets the model guess
/// "京" from "北_" without understanding anything. Whole-word masking (Cui et al. 2019)
/// chooses words and masks all their characters. Following BERT's
/// `create_masked_lm_predictions`:
///
/// 1. `toPredict = max(1, Int((Double(ids.count) * rate).rounded()))`.
/// 2. Shuffle the words with `words.shuffled(using: &generator)`; go through them in that
///    order, taking a word if all of it still fits (`taken + word.count <= toPredict`),
///    skipping it otherwise, until `toPredict` characters are taken.
/// 3. For each taken position, in increasing order, draw `Double.random(in: 0..<1, using: &generator)`:
///    below 0.8 the input becomes `maskId`; otherwise draw again: below 0.5 it stays as it
///    is, else it becomes `Int.random(in: randomIds, using: &generator)`.
/// 4. `targets` holds the original id at taken positions and -100 everywhere else.
///
/// `words` are ranges of positions in `ids` that cover the sentence without overlapping.
public func wholeWordMask(
    ids: [Int], words: [Range<Int>], maskId: Int, randomIds: Range<Int>, rate: Double = 0.15,
    using generator: inout Generator
) throws -> MaskedSentence {
    precondition(words.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= ids.count }, "wholeWordMask: a word outside the sentence")
    // BEGIN SOLUTION
    let toPredict = max(1, Int((Double(ids.count) * rate).rounded()))
    var taken: [Int] = []
    for word in words.shuffled(using: &generator) where taken.count < toPredict {
        if taken.count + word.count <= toPredict { taken += Array(word) }
    }
    var inputs = ids, targets = [Int](repeating: -100, count: ids.count)
    for position in taken.sorted() {
        targets[position] = ids[position]
        if Double.random(in: 0..<1, using: &generator) < 0.8 {
            inputs[position] = maskId
        } else if Double.random(in: 0..<1, using: &generator) >= 0.5 {
            inputs[position] = Int.random(in: randomIds, using: &generator)
        }
    }
    return MaskedSentence(inputs: inputs, targets: targets)
    // END SOLUTION
}
