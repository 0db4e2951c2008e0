import ExerciseTesting
import Testing
@testable import P07

@Suite(.exercise("P07-E03")) struct P07_E03 {
    @Test func followsTheEmissionsWhenTransitionsAreZero() throws {
        let e = [[0.0, 1.0], [2.0, 0.0], [0.0, 3.0]], zeros = [[0.0, 0.0], [0.0, 0.0]]
        let (path, score) = try viterbiDecode(emissions: e, transitions: zeros, start: [0, 0], end: [0, 0])
        #expect(path == [1, 0, 1] && score == 6)
    }
}
