import Foundation
import Testing
import Tensors
@testable import Text

/// A decoder whose next-token distribution depends on its row's last token and on a
/// per-row offset (its "source"), so reordering rows matters as a real cache does.
private final class TableDecoder: IncrementalDecoder {
    let table: [[Double]]  // [offset + last token][next token], log-probabilities
    var offsets: [Int]

    init(vocabulary: Int, sentences: Int, seed: UInt64) {
        var g = Generator(seed: seed)
        table = (0..<(vocabulary + sentences)).map { _ in
            let p = (0..<vocabulary).map { $0 == 0 ? 0 : g.uniform() + 0.05 }
            let total = p.reduce(0, +)
            return p.map { log($0 / total) }
        }
        offsets = Array(0..<sentences)
    }

    func logProbs(offset: Int, last: Int) -> [Double] { table[offset + last] }
    func step(_ tokens: [Int]) -> Tensor {
        Tensor(zip(offsets, tokens).flatMap { logProbs(offset: $0, last: $1) }, shape: [tokens.count, table[0].count], dtype: .float64)
    }
    func select(rows: [Int]) { offsets = rows.map { offsets[$0] } }
}

@Suite struct BatchedDecodingTests {
    let vocabulary = 7, bos = 0, eos = 1

    @Test func batchedBeamSearchEqualsBeamSearchSentenceBySentence() {
        let maxLengths = [6, 3, 8, 1, 5]
        let decoder = TableDecoder(vocabulary: vocabulary, sentences: maxLengths.count, seed: 3)
        let reference = TableDecoder(vocabulary: vocabulary, sentences: maxLengths.count, seed: 3)
        for penalty in [LengthPenalty.none, .gnmt(alpha: 0.6)] {
            decoder.offsets = Array(maxLengths.indices)
            let batched = batchedBeamSearch(decoder, bos: bos, eos: eos, beamWidth: 3, maxLengths: maxLengths, lengthPenalty: penalty)
            for (s, maxLength) in maxLengths.enumerated() {
                let single = beamSearch(bos: bos, eos: eos, beamWidth: 3, maxLength: maxLength, lengthPenalty: penalty) { prefixes in
                    Tensor(prefixes.flatMap { reference.logProbs(offset: s, last: $0.last!) }, shape: [prefixes.count, vocabulary], dtype: .float64)
                }
                #expect(batched[s] == single[0], "sentence \(s)")
            }
        }
    }

    @Test func batchedGreedyEqualsGreedyDecode() {
        let maxLengths = [4, 9, 2]
        let decoder = TableDecoder(vocabulary: vocabulary, sentences: maxLengths.count, seed: 5)
        let reference = TableDecoder(vocabulary: vocabulary, sentences: maxLengths.count, seed: 5)
        let batched = batchedGreedyDecode(decoder, bos: bos, eos: eos, maxLengths: maxLengths)
        for (s, maxLength) in maxLengths.enumerated() {
            let single = greedyDecode(bos: bos, eos: eos, maxLength: maxLength) { prefixes in
                Tensor(reference.logProbs(offset: s, last: prefixes[0].last!), shape: [1, vocabulary], dtype: .float64)
            }
            #expect(batched[s] == single.tokens)
        }
    }

    @Test func topTokensKeepsTheLargestInOrder() {
        #expect(topTokens([0.1, 0.5, -.infinity, 0.5, 0.3], 3) == [1, 3, 4])
    }

    @Test func tokenBucketsRespectTheTokenBudget() {
        #expect(tokenBuckets(lengths: [5, 1, 4, 2], maxTokens: 8) == [[1, 3], [2], [0]])
        let lengths = (0..<200).map { ($0 * 37) % 50 + 1 }
        let batches = tokenBuckets(lengths: lengths, maxTokens: 120, seed: 1)
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<200))
        #expect(batches.allSatisfy { $0.count == 1 || $0.count * $0.map { lengths[$0] }.max()! <= 120 })
    }
}
