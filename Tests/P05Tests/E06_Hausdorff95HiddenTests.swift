import ExerciseTesting
import Testing
import Workbook
@testable import P05

@Suite(.exercise("P05-E06")) struct P05_E06_Hidden {
    /// MONAI's compute_hausdorff_distance(percentile=95) on two ellipsoids with anisotropic voxels.
    @Test func matchesMONAI() throws {
        let f = try monaiFixture()["hausdorff"]
        let shape = f["shape"].ints, spacing = f["spacing"].doubles
        let affine = (0..<3).map { r in (0..<4).map { c in c == r ? spacing[r] : 0 } } + [[0, 0, 0, 1]]
        let a = Volume(data: f["a"].doubles.map { Float($0) }, shape: shape, affine: affine)
        let b = Volume(data: f["b"].doubles.map { Float($0) }, shape: shape, affine: affine)
        let hd = try #require(try hausdorff95(SegmentationMetrics.surface(a), SegmentationMetrics.surface(b)))
        try checkClose([hd], [f["hd95"].double], rtol: 0, atol: 1e-9, "HD95")
        let one = try #require(try hausdorff95([[0, 0, 0]], [[3, 4, 0], [0, 0, 1]]))
        try checkClose([one], [4.8], rtol: 0, atol: 1e-12, "percentile between the two distances")
    }
}
