import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P04

@Suite(.exercise("P04-E04")) struct P04_E04_Hidden {
    /// Against `F.interpolate(mode="bilinear")` up and down, with and without aligned corners.
    @Test func matchesPyTorch() throws {
        let f = try p04Fixture()
        let input = try f.values("bilinear.input")
        for (h, w) in [(7, 9), (2, 3), (16, 32)] {
            for aligned in [false, true] {
                let name = "bilinear.\(h)x\(w).\(aligned ? "aligned" : "half_pixel")"
                let got = try bilinearResize(input, height: 3, width: 5, toHeight: h, toWidth: w, alignCorners: aligned)
                try checkClose(got, try f.values(name), shape: [h, w], rtol: 1e-10, atol: 1e-12, name)
            }
        }
    }
}
