import Foundation
import Testing
import Workbook
@testable import NN

/// BatchNorm2d/3d, GroupNorm and InstanceNorm (one fused op, PlaneNormalization.swift)
/// against PyTorch and against float64 finite differences.
@Suite struct ConvNormLayerTests {
    let fixtures: JSONFixture
    init() throws { fixtures = try JSONFixture.load("vision_layers.json", from: .module) }

    private func expectBatchNormMatchesTorch(_ record: JSONFixture, _ bn: BatchNorm) {
        expectMatchesTorch(record, bn)
        #expect(close(bn.runningMean, record["running_mean"].record()))
        #expect(close(bn.runningVar, record["running_var"].record()))
        #expect(bn.numBatchesTracked.item == 1)
        bn.eval()
        #expect(close(bn(record["x_eval"].record()), record["y_eval"].record(), rtol: 1e-4, atol: 1e-5))
    }

    @Test func batchNorm2dMatchesTorchInTrainingAndEvaluation() {
        expectBatchNormMatchesTorch(fixtures["batchnorm2d"], BatchNorm2d(3))
    }

    @Test func batchNorm3dMatchesTorchInTrainingAndEvaluation() {
        expectBatchNormMatchesTorch(fixtures["batchnorm3d"], BatchNorm3d(3))
    }

    @Test func groupAndInstanceNormMatchTorch() {
        expectMatchesTorch(fixtures["groupnorm"], GroupNorm(2, 6))
        expectMatchesTorch(fixtures["instancenorm2d_affine"], InstanceNorm2d(3, affine: true))
        let plain = InstanceNorm2d(3)
        #expect(plain.parameters().isEmpty)
        expectMatchesTorch(fixtures["instancenorm2d"], plain)
    }

    // MARK: Finite differences (float64)
    //
    // The input gradient of a normalisation sums to zero over each group, so some of its
    // elements are tiny; a step of 1e-5 keeps the rounding error of the differences below them.

    private static func inputs(_ shape: [Int], seed: UInt64) -> (x: Tensor, weight: Tensor, bias: Tensor, upstream: Tensor) {
        Random.seed(seed)
        let x = Tensor.randn(shape, mean: 0.5, std: 2, dtype: .float64)
        return (x, Tensor.randn([shape[1]], dtype: .float64), Tensor.randn([shape[1]], dtype: .float64), Tensor.randn(shape, dtype: .float64))
    }

    @Test func batchNormGradientsMatchFiniteDifferences() {
        let (x, w, b, g) = Self.inputs([3, 2, 3, 2], seed: 11)
        func loss(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Tensor {
            (batchNorm(x, runningMean: nil, runningVar: nil, weight: w, bias: b, training: true) * g).sum()
        }
        #expect(gradientError(of: { loss($0, w, b) }, at: x, h: 1e-5) < 1e-7)
        #expect(gradientError(of: { loss(x, $0, b) }, at: w) < 1e-7)
        #expect(gradientError(of: { loss(x, w, $0) }, at: b) < 1e-7)
    }

    @Test func batchNormWithRunningStatisticsGradientsMatchFiniteDifferences() {
        let (x, w, b, g) = Self.inputs([2, 3, 2, 2], seed: 12)
        let mean = Tensor([0.3, -1, 2], shape: [3], dtype: .float64), variance = Tensor([0.5, 2, 1.5], shape: [3], dtype: .float64)
        func loss(_ x: Tensor, _ w: Tensor) -> Tensor {
            (batchNorm(x, runningMean: mean, runningVar: variance, weight: w, bias: b, training: false) * g).sum()
        }
        #expect(gradientError(of: { loss($0, w) }, at: x) < 1e-7)
        #expect(gradientError(of: { loss(x, $0) }, at: w) < 1e-7)
    }

    @Test func groupNormGradientsMatchFiniteDifferences() {
        let (x, w, b, g) = Self.inputs([2, 4, 3, 2], seed: 13)
        #expect(gradientError(of: { (groupNorm($0, numGroups: 2, weight: w, bias: b) * g).sum() }, at: x, h: 1e-5) < 1e-7)
        #expect(gradientError(of: { (groupNorm(x, numGroups: 2, weight: $0, bias: b) * g).sum() }, at: w) < 1e-7)
        #expect(gradientError(of: { (instanceNorm($0) * g).sum() }, at: x, h: 1e-5) < 1e-7)
    }

    /// Large inputs take the multi-threaded path; compare with the textbook formula
    /// built from generic ops, in float64.
    @Test func fusedBatchNormEqualsTheComposedFormulaOnLargeInputs() {
        let (x, w, b, g) = Self.inputs([8, 4, 48, 48], seed: 14)
        x.requiresGrad = true
        let y = batchNorm(x, runningMean: nil, runningVar: nil, weight: w, bias: b, training: true)
        (y * g).sum().backward()
        let fusedGrad = x.grad!
        x.grad = nil
        let mean = x.mean(axes: [0, 2, 3], keepDims: true), variance = x.variance(axes: [0, 2, 3], unbiased: false, keepDims: true)
        let reference = (x - mean) / (variance + 1e-5).sqrt() * w.reshape([1, 4, 1, 1]) + b.reshape([1, 4, 1, 1])
        (reference * g).sum().backward()
        #expect(close(y, reference, rtol: 1e-10, atol: 1e-10))
        #expect(close(fusedGrad, x.grad!, rtol: 1e-8, atol: 1e-10))
    }

    /// Statistics are centred in a second pass, so a large mean costs no accuracy in float32.
    @Test func float32BatchNormStaysAccurateWithALargeMean() {
        Random.seed(15)
        let x64 = Tensor.randn([4, 2, 16, 16], mean: 1000, std: 1, dtype: .float64)
        let y32 = batchNorm(x64.to(.float32), runningMean: nil, runningVar: nil, training: true)
        let y64 = batchNorm(x64, runningMean: nil, runningVar: nil, training: true)
        #expect(close(y32, y64, rtol: 0, atol: 2e-3))
    }

    @Test func groupNormNeedsChannelsDivisibleByGroups() async {
        await #expect(processExitsWith: .failure) {
            _ = GroupNorm(4, 6)
        }
        await #expect(processExitsWith: .failure) {
            _ = BatchNorm2d(3)(Tensor.zeros([2, 4, 5, 5]))
        }
    }
}
