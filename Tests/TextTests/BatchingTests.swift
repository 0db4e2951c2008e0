import Testing
import Tensors
@testable import Text

@Test func padToLongestWithMask() {
    let batch = padBatch([[5, 6, 7], [8], []], padId: 0)
    #expect(batch.ids.shape == [3, 3] && batch.ids.dtype == .int64)
    #expect(batch.ids.ints == [5, 6, 7, 8, 0, 0, 0, 0, 0])
    #expect(batch.mask.ints == [1, 1, 1, 1, 0, 0, 0, 0, 0] && batch.mask.dtype == .int64)
    #expect(batch.lengths == [3, 1, 0])

    let left = padBatch([[5, 6, 7], [8]], padId: 9, side: .left, maskDType: .float32)
    #expect(left.ids.ints == [5, 6, 7, 9, 9, 8])
    #expect(left.mask.scalars == [1, 1, 1, 0, 0, 1] && left.mask.dtype == .float32)

    let cut = padBatch([[1, 2, 3, 4], [5]], padId: 0, maxLength: 2)
    #expect(cut.ids.ints == [1, 2, 5, 0] && cut.lengths == [2, 1])
}

@Test func bucketsGroupSimilarLengths() {
    #expect(lengthBuckets(lengths: [5, 1, 4, 2], batchSize: 2) == [[1, 3], [2, 0]])
    let lengths = (0..<50).map { ($0 * 37) % 23 }
    let batches = lengthBuckets(lengths: lengths, batchSize: 8, seed: 3)
    #expect(batches.flatMap { $0 }.sorted() == Array(0..<50), "every index exactly once")
    #expect(batches == lengthBuckets(lengths: lengths, batchSize: 8, seed: 3), "same seed, same order")
    #expect(batches != lengthBuckets(lengths: lengths, batchSize: 8), "the seed shuffles the batch order")
    // Inside a batch the spread of lengths is small compared with the whole range.
    for batch in batches {
        let ls = batch.map { lengths[$0] }
        #expect(ls.max()! - ls.min()! <= 4)
    }
}
