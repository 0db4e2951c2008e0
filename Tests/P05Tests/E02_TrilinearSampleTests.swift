import ExerciseTesting
import Testing
@testable import P05

@Suite(.exercise("P05-E02")) struct P05_E02 {
    @Test func halfwayBetweenTwoVoxelsIsTheirMean() throws {
        let volume: [Float] = [0, 2, 4, 6, 8, 10, 12, 14]  // 2×2×2, value = 2·(x + 2y + 4z)
        #expect(try trilinearSample(volume, shape: [2, 2, 2], at: [0.5, 0, 0]) == 1)
        #expect(try trilinearSample(volume, shape: [2, 2, 2], at: [0.5, 0.5, 0.5]) == 7)
        #expect(try trilinearSample(volume, shape: [2, 2, 2], at: [1, 1, 1]) == 14)
    }
}
