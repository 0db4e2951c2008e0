import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P06

@Suite(.exercise("P06-E04")) struct P06_E04 {
    @Test func causalWithinTheRealTokens() throws {
        let mask = try decoderSelfAttentionMask(lengths: [2], width: 3)
        #expect(mask == [[[true, false, false], [true, true, false], [true, true, false]]])
    }
}
