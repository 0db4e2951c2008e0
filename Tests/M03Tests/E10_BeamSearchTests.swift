import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M03

@Suite(.exercise("M03-E10")) struct M03_E10 {
    /// Greedy takes 2 (0.6) then is stuck with 0.4 at best; the path through 3 (0.4 · 0.9) is better.
    @Test func beamOfTwoBeatsGreedy() throws {
        let step = tableModel([[0, 0, 0.6, 0.4], [0, 1, 0, 0], [0, 0.4, 0.3, 0.3], [0, 0.9, 0.05, 0.05]])
        #expect(try beamSearchDecode(bos: 0, eos: 1, beamWidth: 1, maxLength: 5, step: step) == [2, 1])
        #expect(try beamSearchDecode(bos: 0, eos: 1, beamWidth: 2, maxLength: 5, step: step) == [3, 1])
    }
}
