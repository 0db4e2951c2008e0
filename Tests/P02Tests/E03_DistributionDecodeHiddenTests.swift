import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P02

@Suite(.exercise("P02-E03")) struct P02_E03_Hidden {
    /// ultralytics' DFL + dist2bbox on the 84 anchors of a 64-pixel input (fixture).
    @Test func matchesUltralytics() throws {
        let fixture = try JSONFixture.load("dfl", from: .module)
        let anchors = fixture["anchors"].doubles, strides = fixture["strides"].doubles
        let logits = rows(fixture["logits"].doubles, width: 16)
        var got: [Double] = []
        for a in strides.indices {
            got += try decodeDistances(Array(logits[a * 4..<a * 4 + 4]), anchorX: anchors[2 * a], anchorY: anchors[2 * a + 1], stride: strides[a])
        }
        try checkClose(got, fixture["boxes"].doubles, rtol: 1e-9, atol: 1e-9, "decoded boxes")
    }
}
