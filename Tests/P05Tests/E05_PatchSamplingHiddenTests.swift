import ExerciseTesting
import Testing
import Workbook
@testable import P05

@Suite(.exercise("P05-E05")) struct P05_E05_Hidden {
    @Test func clampsAtTheBordersAndPicksInStorageOrder() throws {
        let shape = [6, 5, 4]
        let label = (0..<120).map { i -> Float in (i % 6 == 0 || i / 30 == 3) ? 1 : 0 }
        var starts: [Int] = []
        for (positive, draw) in [(true, 0.0), (true, 0.5), (true, 0.999), (false, 0.0), (false, 0.42), (false, 0.999)] {
            starts += try patchStart(label: label, shape: shape, patch: [4, 3, 2], positive: positive, draw: draw)
        }
        try checkEqual(starts, [0, 0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 2, 2, 1], "patch corners")
        #expect(throws: PatchSamplingError.noCandidates(positive: true)) {
            try patchStart(label: [Float](repeating: 0, count: 8), shape: [2, 2, 2], patch: [1, 1, 1], positive: true, draw: 0.5)
        }
    }
}
