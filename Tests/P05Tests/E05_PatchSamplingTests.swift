import ExerciseTesting
import Testing
@testable import P05

@Suite(.exercise("P05-E05")) struct P05_E05 {
    @Test func aSingleForegroundVoxelCentresThePatch() throws {
        var label = [Float](repeating: 0, count: 10 * 10 * 10)
        label[5 + 10 * (4 + 10 * 3)] = 1  // voxel (5, 4, 3)
        #expect(try patchStart(label: label, shape: [10, 10, 10], patch: [4, 4, 4], positive: true, draw: 0.7) == [3, 2, 1])
    }
}
