import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E04")) struct P06_E04_Hidden {
    @Test func equalsTheLibrarysCausalAndPaddingMasks() throws {
        let lengths = [4, 1, 0, 3], width = 4
        let causal = ExerciseTwins.unwatched { AttentionMask.causal(width) }
        guard case let .allowed(c) = causal else { Issue.record("causal mask is not .allowed"); return }
        let padding = ExerciseTwins.unwatched { paddingMask(lengths: lengths, maxLength: width) }
        let expected = (c.unsqueeze(axis: 0) * padding.unsqueeze(axis: 1)).doubles.map { $0 != 0 }
        try checkEqual(
            try decoderSelfAttentionMask(lengths: lengths, width: width).flatMap { $0.flatMap { $0 } }.map { $0 ? 1 : 0 }, expected.map { $0 ? 1 : 0 }, "mask")
    }
}
