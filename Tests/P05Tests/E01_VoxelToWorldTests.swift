import ExerciseTesting
import Testing
@testable import P05

@Suite(.exercise("P05-E01")) struct P05_E01 {
    @Test func colinsFirstVoxelSitsAtItsOrigin() throws {
        let affine: [[Double]] = [[1, 0, 0, -90], [0, 1, 0, -125], [0, 0, 1, -71], [0, 0, 0, 1]]
        #expect(try voxelToWorld(affine, [0, 0, 0]) == [-90, -125, -71])
        #expect(try voxelToWorld(affine, [90, 125, 71]) == [0, 0, 0])
        #expect(try axisCodes(affine) == "RAS")
    }
}
