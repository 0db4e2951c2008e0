import ExerciseTesting
import Testing
import Workbook
@testable import P04

@Suite(.exercise("P04-E06")) struct P04_E06_Hidden {
    /// Against mmsegmentation's OHEM rule computed with PyTorch, for three (threshold, minKept) pairs.
    @Test func matchesTheReference() throws {
        let f = try p04Fixture()
        let flat = try f.values("ohem.logits")
        let logits = (0..<60).map { Array(flat[$0 * 4..<($0 + 1) * 4]) }
        let targets = try f.values("ohem.targets").map { Int($0) }
        for (threshold, minKept) in [(0.7, 10), (0.3, 20), (0.9, 5)] {
            let (loss, kept) = try ohemCrossEntropy(logits: logits, targets: targets, threshold: threshold, minKept: minKept)
            try checkEqual([kept], try f.values("ohem.kept.\(threshold).\(minKept)").map { Int($0) }, "pixels kept at \(threshold), \(minKept)")
            try checkClose([loss], try f.values("ohem.loss.\(threshold).\(minKept)"), rtol: 1e-10, atol: 1e-12, "loss at \(threshold), \(minKept)")
        }
        let none = try ohemCrossEntropy(logits: [[1, 0]], targets: [255], threshold: 0.7, minKept: 3)
        try checkClose([none.loss, Double(none.kept)], [0, 0], rtol: 0, atol: 0, "no labelled pixels")
    }
}
