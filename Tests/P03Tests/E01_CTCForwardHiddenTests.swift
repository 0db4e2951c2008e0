import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P03

@Suite(.exercise("P03-E01")) struct P03_E01_Hidden {
    /// Per-sample losses of torch.nn.functional.ctc_loss (reduction "none") on seeded logits.
    @Test func matchesPyTorchPerSample() throws {
        let cases = try Fixture.json("ctc_loss.json")["cases"] as! [[String: Any]]
        var ours: [Double] = [], torch: [Double] = []
        for c in cases where !(c["zero_infinity"] as! Bool) {
            let targets = c["targets"] as! [[Int]], lengths = c["input_lengths"] as! [Int]
            for n in targets.indices {
                let frames = Array(logSoftmaxFrames(c, sample: n).prefix(lengths[n]))
                ours.append(try ctcNegativeLogLikelihood(logProbs: frames, target: targets[n]))
            }
            torch += numbers((c["losses"] as! [String: Any])["none"]!)
        }
        try checkClose(ours, torch, rtol: 1e-9, atol: 1e-9, "CTC losses per sample")
    }
}
