import Foundation
import Testing
import Workbook
@testable import NN
import Training

/// Losses against PyTorch (Fixtures/losses.json) and finite differences.
@Suite struct LossTests {
    let cases: JSONFixture
    init() throws { cases = try JSONFixture.load("losses.json", from: .module) }

    /// Runs `f` on the case's inputs (the first is the differentiable one) and compares
    /// the value and the gradient of sum(value * upstream) with PyTorch's.
    private func check(_ name: String, targetDType: DType = .int64, _ f: (Tensor, Tensor) -> Tensor) {
        let c = cases[name]
        let inputs = c["inputs"].array
        let x = inputs[0].record()
        x.requiresGrad = true
        let target = inputs[1].record(dtype: targetDType)
        let value = f(x, target)
        #expect(close(value, c["value"].record(), rtol: 1e-5, atol: 1e-6), "\(name) value")
        (value * c["upstream"].record()).sum().backward()
        #expect(close(x.grad!, c["grad"].record(), rtol: 1e-4, atol: 1e-6), "\(name) gradient")
    }

    private let weight = Tensor([0.5, 2.0, 1.0, 1.5])

    @Test(arguments: [("mean", Reduction.mean), ("sum", .sum), ("none", .none)])
    func crossEntropyMatchesTorch(_ name: String, _ reduction: Reduction) {
        check("ce_\(name)") { crossEntropy($0, $1, reduction: reduction) }
        check("ce_weight_\(name)") { crossEntropy($0, $1, weight: weight, reduction: reduction) }
        check("ce_ignore_\(name)") { crossEntropy($0, $1, reduction: reduction) }
        check("ce_smooth_\(name)") { crossEntropy($0, $1, labelSmoothing: 0.1, reduction: reduction) }
        check("ce_all_\(name)") { crossEntropy($0, $1, weight: weight, labelSmoothing: 0.2, reduction: reduction) }
        check("nll_weight_ignore_\(name)") { nllLoss($0, $1, weight: weight, reduction: reduction) }
        check("mse_\(name)", targetDType: .float32) { mseLoss($0, $1, reduction: reduction) }
        check("l1_\(name)", targetDType: .float32) { l1Loss($0, $1, reduction: reduction) }
    }

    @Test func crossEntropyVariants() {
        check("ce_ignore_custom_mean") { crossEntropy($0, $1, ignoreIndex: 1) }
        check("ce_smooth_ignore_mean") { crossEntropy($0, $1, labelSmoothing: 0.3) }
        check("ce_kdim_mean") { crossEntropy($0, $1) }
    }

    @Test func binaryCrossEntropyMatchesTorch() {
        let pos = Tensor([0.5, 2, 3]), w = Tensor([1, 2, 0.5, 1.5, 1, 1], shape: [2, 3])
        check("bce_logits_mean", targetDType: .float32) { binaryCrossEntropyWithLogits($0, $1) }
        check("bce_logits_pos_weight_none", targetDType: .float32) {
            binaryCrossEntropyWithLogits($0, $1, weight: w, posWeight: pos, reduction: .none)
        }
        check("bce_logits_pos_weight_sum", targetDType: .float32) { binaryCrossEntropyWithLogits($0, $1, posWeight: pos, reduction: .sum) }
        check("bce_mean", targetDType: .float32) { binaryCrossEntropy($0, $1) }
    }

    @Test func crossEntropyGradientMatchesFiniteDifferencesAndNll() {
        Random.seed(6)
        let logits = Tensor.randn([5, 4], dtype: .float64)
        let targets = Tensor(ints: [1, -100, 3, 0, 2])
        let w = Tensor([1, 2, 0.5, 3], shape: [4], dtype: .float64)
        #expect(gradientError(of: { crossEntropy($0, targets, weight: w, labelSmoothing: 0.15) }, at: logits) < 1e-7)
        let fused = crossEntropy(logits, targets, weight: w)
        let composed = nllLoss(logits.logSoftmax(axis: 1), targets, weight: w)
        #expect(abs(fused.item - composed.item) < 1e-12)
    }

    @Test func crossEntropyIsStableForHugeLogits() {
        let logits = Tensor([1e4, -1e4, 0, 5e3], shape: [2, 2], requiresGrad: true)
        let loss = crossEntropy(logits, Tensor(ints: [1, 0]))
        loss.backward()
        #expect(abs(loss.item - (2e4 + 5e3) / 2) < 1)
        #expect(logits.grad!.scalars.allSatisfy { $0.isFinite })
    }

    @Test func accuracyHelper() {
        let logits = Tensor([2, 1, 0, 0, 3, 1, 5, 0, 0], shape: [3, 3])
        #expect(accuracy(truth: Tensor(ints: [0, 1, 2]), logits: logits) == 2.0 / 3)
        #expect(accuracy(truth: Tensor([0, 1, 0]), logits: Tensor([-1, 2, 0.5])) == 2.0 / 3)
    }
}
