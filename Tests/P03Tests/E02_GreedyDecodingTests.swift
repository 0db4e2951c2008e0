import ExerciseTesting
import Testing
@testable import P03

@Suite(.exercise("P03-E02")) struct P03_E02 {
    @Test func mergesRepeatsAndDropsBlanks() throws {
        let alphabet = ["blank", "a", "b"]
        let frames: [[Float]] = [[0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.9, 0.05, 0.05], [0.1, 0.6, 0.3], [0.1, 0.2, 0.7]]
        let (text, confidence) = try greedyCTCDecode(frames, alphabet: alphabet)
        #expect(text == "aab")
        #expect(abs(confidence - (0.8 + 0.6 + 0.7) / 3) < 1e-6)
    }
}
