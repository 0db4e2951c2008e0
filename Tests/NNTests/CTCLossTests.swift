import Foundation
import Testing
import Workbook
@testable import NN
import Tensors

/// `ctcLoss` against `torch.nn.functional.ctc_loss` (scripts/p03_fixtures.py): the losses under
/// the three reductions, and the gradient that reaches the logits through a log-softmax.
@Suite struct CTCLossTests {
    struct Case {
        let frames: Int, batch: Int, classes: Int
        let targets: [[Int]], inputLengths: [Int], zeroInfinity: Bool
        let logits: [Double], losses: JSONFixture, gradient: [Double]
    }

    static func cases() throws -> [Case] {
        let json = try JSONFixture.load("ctc_loss.json", from: .module)
        return json["cases"].array.map { c in
            Case(
                frames: c["frames"].int, batch: c["batch"].int, classes: c["classes"].int,
                targets: c["targets"].array.map(\.ints), inputLengths: c["input_lengths"].ints, zeroInfinity: c["zero_infinity"].bool,
                logits: c["logits"].doubles, losses: c["losses"],
                gradient: c["mean_grad_logits"].doubles)
        }
    }

    func loss(_ c: Case, _ reduction: Reduction, logits: Tensor) -> Tensor {
        ctcLoss(logits.logSoftmax(axis: 2), targets: c.targets, inputLengths: c.inputLengths, reduction: reduction, zeroInfinity: c.zeroInfinity)
    }

    @Test func lossesAndGradientsMatchPyTorch() throws {
        let cases = try Self.cases()
        #expect(cases.count == 4)
        for c in cases {
            let logits = Tensor(c.logits, shape: [c.frames, c.batch, c.classes], dtype: .float64, requiresGrad: true)
            let mean = loss(c, .mean, logits: logits)
            #expect(abs(mean.doubles[0] - c.losses["mean"].double) < 1e-10)
            #expect(abs(loss(c, .sum, logits: logits).doubles[0] - c.losses["sum"].double) < 1e-10)
            let perSample = c.losses["none"].doubles
            for (ours, theirs) in zip(loss(c, .none, logits: logits).doubles, perSample) { #expect(abs(ours - theirs) < 1e-10) }
            mean.backward()
            let difference = zip(logits.grad!.doubles, c.gradient).map { abs($0 - $1) }.max()!
            #expect(difference < 1e-10, "max |gradient difference| \(difference)")
            #expect(c.gradient.contains { abs($0) > 1e-3 }, "a zero gradient tests nothing")
        }
    }

    /// The gradient with respect to the log-probabilities themselves (−posterior) against centred differences.
    @Test func gradientWithRespectToLogProbabilitiesIsTheNegativePosterior() throws {
        var generator = Generator(seed: 4)
        let values = (0..<(7 * 2 * 4)).map { _ in generator.uniform() * 2 - 1 }
        let logProbs = Tensor(values, shape: [7, 2, 4], dtype: .float64).logSoftmax(axis: 2).detach()
        logProbs.requiresGrad = true
        let f = { (x: Tensor) in ctcLoss(x, targets: [[1, 1, 2], [3]], inputLengths: [7, 6]) }
        f(logProbs).backward()
        let analytic = logProbs.grad!.doubles
        let base = logProbs.doubles
        for i in stride(from: 0, to: base.count, by: 3) {
            var plus = base, minus = base
            plus[i] += 1e-6; minus[i] -= 1e-6
            let numeric =
                (f(Tensor(plus, shape: [7, 2, 4], dtype: .float64)).doubles[0] - f(Tensor(minus, shape: [7, 2, 4], dtype: .float64)).doubles[0]) / 2e-6
            #expect(abs(numeric - analytic[i]) < 1e-6, "element \(i): numeric \(numeric), analytic \(analytic[i])")
        }
        // Frames past a sample's input length get nothing.
        #expect((0..<4).allSatisfy { analytic[(6 * 2 + 1) * 4 + $0] == 0 })
    }

    @Test func impossibleAlignmentIsInfiniteUnlessZeroed() {
        let logProbs = Tensor.zeros([2, 1, 3], dtype: .float64).logSoftmax(axis: 2)
        #expect(ctcLoss(logProbs, targets: [[1, 1]], inputLengths: [2], reduction: .sum).doubles[0] == .infinity)
        #expect(ctcLoss(logProbs, targets: [[1, 1]], inputLengths: [2], reduction: .sum, zeroInfinity: true).doubles[0] == 0)
        // "1 2" fits in two frames: log p = log(1/3 · 1/3).
        #expect(abs(ctcLoss(logProbs, targets: [[1, 2]], inputLengths: [2], reduction: .sum).doubles[0] - 2 * log(3.0)) < 1e-12)
    }
}
