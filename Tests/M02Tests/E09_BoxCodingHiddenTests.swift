import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E09")) struct M02_E09_Hidden {
    @Test func agreesWithTheLibraryCoderWithUnitWeights() throws {
        let boxes = Random.withSeed(91) { randomBoxes(12) }, anchors = Random.withSeed(92) { randomBoxes(12) }
        let coder = BoxCoder(weights: (1, 1, 1, 1))
        try checkClose(
            try encodeBoxes(boxes, anchors: anchors), ExerciseTwins.unwatched { coder.encode(boxes, anchors: anchors) }, rtol: 1e-9, atol: 1e-12, "encode")
        let offsets = Random.withSeed(93) { Tensor.randn([12, 4], std: 0.5, dtype: .float64) }
        try checkClose(
            try decodeBoxes(offsets, anchors: anchors), ExerciseTwins.unwatched { coder.decode(offsets, anchors: anchors) }, rtol: 1e-9, atol: 1e-9, "decode")
    }

    @Test func decodeIsDifferentiable() throws {
        let anchors = Random.withSeed(94) { randomBoxes(5) }
        let offsets = Random.withSeed(95) { Tensor.randn([5, 4], std: 0.3, dtype: .float64) }
        try checkGradient(
            of: { try decodeBoxes($0, anchors: anchors) }, at: offsets, seed: Random.withSeed(96) { Tensor.randn([5, 4], dtype: .float64) },
            "gradient of decoded boxes with respect to the offsets (autograd through your ops vs finite differences)")
    }
}
