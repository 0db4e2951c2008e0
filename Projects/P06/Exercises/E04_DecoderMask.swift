import DeepLearning

/// P06-E04 · Padding and causal masks together. Docs/P06.md#p06-e04
///
/// A batch of target sequences padded to `width` tokens; `lengths[b]` are real. In the
/// decoder's self-attention, query position i of sequence b may attend to key position j
/// when j ≤ i (no looking ahead) and j < lengths[b] (no padding). Return the mask as
/// `mask[b][i][j]`, true where attention is allowed.
public func decoderSelfAttentionMask(lengths: [Int], width: Int) throws -> [[[Bool]]] {
    precondition(lengths.allSatisfy { $0 >= 0 && $0 <= width }, "decoderSelfAttentionMask: lengths must be in 0...width")
    // BEGIN SOLUTION
    return lengths.map { length in
        (0..<width).map { i in (0..<width).map { j in j <= i && j < length } }
    }
    // END SOLUTION
}
