import DeepLearning
import Testing
import Workbook
@testable import M02

@Suite struct M02_E09 {
    @Test func encodeMatchesFasterRCNNAndDecodeInvertsIt() throws {
        let ref = try fixture("box_coding")
        let (boxes, anchors) = (try ref.tensor("boxes"), try ref.tensor("anchors"))
        let offsets = try encodeBoxes(boxes, anchors: anchors)
        try checkClose(offsets, ref.tensor("offsets"), rtol: 1e-10, atol: 1e-12, "offsets (dx, dy, dw, dh)")
        try checkClose(try decodeBoxes(offsets, anchors: anchors), boxes, rtol: 1e-10, atol: 1e-10, "decode(encode(boxes))")
    }
}
