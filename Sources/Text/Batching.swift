import Tensors

/// Sequences of different lengths padded into one rectangle, with a mask of the real tokens.
public struct PaddedBatch {
    /// Token ids, int64 `[batch, length]`.
    public let ids: Tensor
    /// 1 for real tokens, 0 for padding, `[batch, length]` (int64 or float32).
    public let mask: Tensor
    /// The unpadded length of each sequence.
    public let lengths: [Int]
}

/// Which end of a sequence padding goes to.
public enum PaddingSide: Sendable { case right, left }

/// Pads `sequences` with `padId` to the longest one (or cuts them to `maxLength`),
/// like `torch.nn.utils.rnn.pad_sequence(batch_first=True)` plus Hugging Face's attention mask.
///
/// ```swift
/// let batch = padBatch([[5, 6, 7], [8]], padId: 0)
/// batch.ids.ints     // [5, 6, 7, 8, 0, 0]
/// batch.mask.ints    // [1, 1, 1, 1, 0, 0]
/// ```
public func padBatch(
    _ sequences: [[Int]], padId: Int, maxLength: Int? = nil, side: PaddingSide = .right,
    maskDType: DType = .int64
) -> PaddedBatch {
    precondition(maxLength.map { $0 >= 0 } ?? true, "padBatch: maxLength must not be negative, got \(maxLength!)")
    let clipped = sequences.map { sequence in maxLength.map { Array(sequence.prefix($0)) } ?? sequence }
    let width = clipped.map(\.count).max() ?? 0
    var ids = [Int](repeating: padId, count: clipped.count * width)
    var mask = [Double](repeating: 0, count: clipped.count * width)
    for (row, sequence) in clipped.enumerated() {
        let start = row * width + (side == .right ? 0 : width - sequence.count)
        for (i, id) in sequence.enumerated() {
            ids[start + i] = id
            mask[start + i] = 1
        }
    }
    let shape = [clipped.count, width]
    return PaddedBatch(
        ids: Tensor(ints: ids, shape: shape), mask: Tensor(mask, shape: shape, dtype: maskDType),
        lengths: clipped.map(\.count))
}

/// Batches of indices whose sequences have similar lengths, so little padding is needed
/// (torchtext's `BucketIterator`): indices sorted by length (stable), cut into batches of
/// `batchSize`, and the order of the batches shuffled when a `seed` is given.
///
/// ```swift
/// lengthBuckets(lengths: [5, 1, 4, 2], batchSize: 2)   // [[1, 3], [2, 0]]
/// ```
public func lengthBuckets(lengths: [Int], batchSize: Int, seed: UInt64? = nil) -> [[Int]] {
    precondition(batchSize > 0, "lengthBuckets: batchSize must be positive, got \(batchSize)")
    let order = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] < lengths[$1] : $0 < $1 }
    var batches = stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0..<min($0 + batchSize, order.count)]) }
    if let seed {
        var generator = Generator(seed: seed)
        batches.shuffle(using: &generator)
    }
    return batches
}

/// Batches of indices grouped by length so that each batch holds at most `maxTokens`
/// tokens counting padding (fairseq's `--max-tokens`): indices sorted by length (stable),
/// cut greedily so that batch size × longest length ≤ `maxTokens`, and the order of the
/// batches shuffled when a `seed` is given. A sequence longer than `maxTokens` gets a batch of its own.
///
/// ```swift
/// tokenBuckets(lengths: [5, 1, 4, 2], maxTokens: 8)   // [[1, 3], [2], [0]]
/// ```
public func tokenBuckets(lengths: [Int], maxTokens: Int, seed: UInt64? = nil) -> [[Int]] {
    precondition(maxTokens > 0, "tokenBuckets: maxTokens must be positive, got \(maxTokens)")
    let order = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] < lengths[$1] : $0 < $1 }
    var batches: [[Int]] = [], current: [Int] = []
    for index in order {
        if !current.isEmpty && (current.count + 1) * lengths[index] > maxTokens {
            batches.append(current)
            current = []
        }
        current.append(index)
    }
    if !current.isEmpty { batches.append(current) }
    if let seed {
        var generator = Generator(seed: seed)
        batches.shuffle(using: &generator)
    }
    return batches
}
