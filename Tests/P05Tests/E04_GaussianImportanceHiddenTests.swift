import ExerciseTesting
import Testing
import Workbook
@testable import P05

@Suite(.exercise("P05-E04")) struct P05_E04_Hidden {
    /// MONAI's compute_importance_map(mode="gaussian", sigma_scale=0.125), odd, even and flat windows.
    @Test func matchesMONAI() throws {
        let maps = try monaiFixture()["windows"]["importance"]
        for (key, size) in [("6x5x4", [6, 5, 4]), ("8x8x8", [8, 8, 8]), ("3x7x2", [3, 7, 2])] {
            try checkClose(try gaussianImportanceMap(size: size).map(Double.init), maps[key].doubles, rtol: 1e-5, atol: 1e-7, "map \(key)")
        }
    }
}
