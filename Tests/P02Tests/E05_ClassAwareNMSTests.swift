import ExerciseTesting
import Testing
@testable import P02

@Suite(.exercise("P02-E05")) struct P02_E05 {
    @Test func overlappingBoxesOfOneClassAreSuppressed() throws {
        let boxes: [[Double]] = [[0, 0, 10, 10], [1, 0, 11, 10], [0, 0, 10, 10], [30, 30, 40, 40]]
        let kept = try suppressPerClass(boxes: boxes, scores: [0.9, 0.95, 0.8, 0.3], classes: [0, 0, 1, 0])
        #expect(kept == [1, 2, 3])
    }
}
