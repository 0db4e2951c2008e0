import ExerciseTesting
import Testing
import Workbook
@testable import P05

@Suite(.exercise("P05-E01")) struct P05_E01_Hidden {
    /// Oblique, flipped and permuted affines, as scanners write them (nibabel's aff2axcodes gives these codes).
    @Test func obliqueAndPermutedAffines() throws {
        let cases: [([[Double]], String)] = [
            ([[-1.5, 0, 0, 30], [0, 0, 1.2, -20], [0, -1, 0, 15], [0, 0, 0, 1]], "LIA"),
            ([[0, 0, -2, 1], [0.9, 0.3, 0, 2], [0.2, -1, 0, 3], [0, 0, 0, 1]], "AIL"),
            ([[0.1, -0.98, 0, 0], [0.99, 0.1, 0, 0], [0, 0, -3, 0], [0, 0, 0, 1]], "ALI"),
        ]
        for (affine, codes) in cases { try checkEqual([try axisCodes(affine)], [codes], "axis codes of \(affine)") }
        let affine: [[Double]] = [[0, 0, -2, 1], [0.9, 0.3, 0, 2], [0.2, -1, 0, 3], [0, 0, 0, 1]]
        try checkClose(try voxelToWorld(affine, [2, -1, 0.5]), [0, 3.5, 4.4], rtol: 0, atol: 1e-12, "world position")
    }
}
