import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P05

@Suite(.exercise("P05-E02")) struct P05_E02_Hidden {
    /// MONAI's Spacing (trilinear, border padding) on the fixture volume goes through this function.
    @Test func resamplingMatchesMONAISpacing() throws {
        let f = try monaiFixture()["orientationSpacing"]
        let shape = f["shapeRAS"].ints
        let ras = Volume(data: f["imageRAS"].doubles.map { Float($0) }, shape: shape, affine: f["affineRAS"].array.map(\.doubles))
        let spaced = try ras.resampled(spacing: [2, 2, 2], .trilinear)
        try checkClose(spaced.data.map(Double.init), f["imageSpaced"].doubles, rtol: 0, atol: 1e-5, "MONAI Spacing(2 mm)")
        // Linear functions are reproduced exactly inside; outside, the border value holds.
        var linear = [Float](repeating: 0, count: 60)  // 2x + 3y + 5z
        for z in 0..<3 { for y in 0..<4 { for x in 0..<5 { linear[x + 5 * (y + 4 * z)] = Float(2 * x + 3 * y + 5 * z) } } }
        let inside = try trilinearSample(linear, shape: [5, 4, 3], at: [1.25, 2.5, 0.75])
        let beyond = try trilinearSample(linear, shape: [5, 4, 3], at: [-3, 7.5, 2.5])
        try checkClose([Double(inside), Double(beyond)], [2.5 + 7.5 + 3.75, 0 + 9 + 10], rtol: 0, atol: 1e-5, "linear volume")
    }
}
