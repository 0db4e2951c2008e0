import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E09")) struct M02_E09 {
    @Test func encodeMatchesFasterRCNNAndDecodeInvertsIt() throws {
        let ref = try fixture("box_coding")
        let (boxes, anchors) = (try ref.tensor("boxes"), try ref.tensor("anchors"))
        let offsets = try encodeBoxes(boxes, anchors: anchors)
        try checkClose(offsets, ref.tensor("offsets"), rtol: 1e-10, atol: 1e-12, "offsets (dx, dy, dw, dh)")
        try checkClose(try decodeBoxes(offsets, anchors: anchors), boxes, rtol: 1e-10, atol: 1e-10, "decode(encode(boxes))")
    }
}

/// The finite-difference check of the grader's hidden tests, on other inputs: the
/// message a student reads here is the one the grader gives.
extension M02_E09 {
    @Test func matchesFiniteDifferencesOnOtherInputs() throws {
        let anchors = Random.withSeed(2094) { randomBoxes(3) }
        let offsets = Random.withSeed(2095) { Tensor.randn([3, 4], std: 0.3, dtype: .float64) }
        try checkGradient(
            of: { try decodeBoxes($0, anchors: anchors) }, at: offsets, seed: Random.withSeed(2096) { Tensor.randn([3, 4], dtype: .float64) },
            "gradient of decoded boxes with respect to the offsets (autograd through your ops vs finite differences)")
    }
}
