import Tensors

/// Toy sequence-to-sequence tasks with a known answer, to test encoder-decoder models
/// before real data: copy the input, or reverse it.
///
/// ```swift
/// let pairs = SequenceTask.reverse.examples(count: 1000, lengths: 3...8, tokens: 4..<14, seed: 0)
/// pairs[0]   // (source: [7, 12, 4], target: [4, 12, 7]) (e.g.)
/// ```
public enum SequenceTask: Sendable {
    case copy, reverse

    /// The target for a source sequence.
    public func target(for source: [Int]) -> [Int] {
        switch self {
        case .copy: return source
        case .reverse: return source.reversed()
        }
    }

    /// `count` random sources with lengths in `lengths` and token ids in `tokens`
    /// (leave the ids below for pad, bos, eos ...), with their targets.
    public func examples(count: Int, lengths: ClosedRange<Int>, tokens: Range<Int>, seed: UInt64 = 0) -> [(source: [Int], target: [Int])] {
        precondition(
            lengths.lowerBound >= 0 && !tokens.isEmpty,
            "SequenceTask.examples: lengths must be non-negative (got \(lengths)) and tokens non-empty (got \(tokens))")
        var generator = Generator(seed: seed)
        return (0..<count).map { _ in
            let length = Int.random(in: lengths, using: &generator)
            let source = (0..<length).map { _ in Int.random(in: tokens, using: &generator) }
            return (source, target(for: source))
        }
    }
}
