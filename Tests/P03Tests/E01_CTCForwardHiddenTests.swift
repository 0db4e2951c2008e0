import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P03

@Suite(.exercise("P03-E01")) struct P03_E01_Hidden {
    /// Per-sample losses of torch.nn.functional.ctc_loss (reduction "none") on seeded logits.
    @Test func matchesPyTorchPerSample() throws {
        let cases = try JSONFixture.load("ctc_loss.json", from: .module)["cases"].array
        var ours: [Double] = [], torch: [Double] = []
        for c in cases where !c["zero_infinity"].bool {
            let targets = c["targets"].array.map(\.ints), lengths = c["input_lengths"].ints
            for n in targets.indices {
                let frames = Array(logSoftmaxFrames(c, sample: n).prefix(lengths[n]))
                ours.append(try ctcNegativeLogLikelihood(logProbs: frames, target: targets[n]))
            }
            torch += c["losses"]["none"].doubles
        }
        try checkClose(ours, torch, rtol: 1e-9, atol: 1e-9, "CTC losses per sample")
    }
}
