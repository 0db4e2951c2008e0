import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import M03

/// A fixed next-token table over 4 tokens (0 = bos, 1 = eos): each prefix's last token picks a row.
func tableModel(_ table: [[Double]]) -> NextTokenLogProbs {
    { prefixes in
        Tensor(prefixes.flatMap { prefix in table[prefix.last!].map { Foundation.log($0) } }, shape: [prefixes.count, table[0].count], dtype: .float64)
    }
}

@Suite(.exercise("M03-E09")) struct M03_E09 {
    @Test func causalMaskMatchesTril() throws {
        try checkClose(try causalMask(5).to(.float64), try fixture("causal_mask").tensor("mask"), "causal mask")
    }

    @Test func greedyFollowsTheMostLikelyToken() throws {
        let step = tableModel([[0, 0.1, 0.6, 0.3], [0, 1, 0, 0], [0, 0.2, 0.1, 0.7], [0, 0.9, 0.05, 0.05]])
        #expect(try greedyGenerate(bos: 0, eos: 1, maxLength: 10, step: step) == [2, 3, 1])
        #expect(try greedyGenerate(bos: 0, eos: 1, maxLength: 2, step: step) == [2, 3])
    }
}
