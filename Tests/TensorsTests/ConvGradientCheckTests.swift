import Testing
@testable import Tensors
import Workbook

// Autograd's gradients of the spatial ops against centred finite differences in
// float64 (CS231n's relative error, Workbook's gradientError). Inputs come from
// `Random.withSeed`, so they do not depend on other tests running alongside.

/// Float64 leaves for gradient checks.
enum ConvGradientInputs {
    /// Normal samples that require a gradient.
    static func randn(_ shape: [Int]) -> Tensor { Tensor.randn(shape, dtype: .float64, requiresGrad: true) }

    /// All-different values (gaps of 1/n, shuffled), so max pooling has no near-ties.
    static func distinct(_ shape: [Int]) -> Tensor {
        let n = shape.reduce(1, *)
        let order = Random.permutation(n)
        return leaf(order.map { Double($0) / Double(n) - 0.5 }, shape)
    }
}

struct ConvGradientConfig: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let input: [Int]
    let weight: [Int]
    let stride: [Int], padding: [Int], dilation: [Int], groups: Int
}

@Test(
    "conv gradients match finite differences",
    arguments: [
        ConvGradientConfig(
            testDescription: "conv2d stride 2, padding 1", input: [2, 3, 6, 5], weight: [4, 3, 3, 3],
            stride: [2], padding: [1], dilation: [1], groups: 1),
        ConvGradientConfig(
            testDescription: "conv2d dilation 2, padding [2, 1]", input: [1, 2, 7, 6], weight: [3, 2, 3, 2],
            stride: [1], padding: [2, 1], dilation: [2], groups: 1),
        ConvGradientConfig(
            testDescription: "conv2d groups 2", input: [2, 4, 5, 5], weight: [6, 2, 3, 3],
            stride: [1, 2], padding: [1], dilation: [1], groups: 2),
        ConvGradientConfig(
            testDescription: "conv2d depthwise", input: [2, 3, 5, 6], weight: [3, 1, 3, 3],
            stride: [2], padding: [1], dilation: [1], groups: 3),
        ConvGradientConfig(
            testDescription: "conv1d stride 2, dilation 2", input: [2, 3, 11], weight: [2, 3, 3],
            stride: [2], padding: [2], dilation: [2], groups: 1),
        ConvGradientConfig(
            testDescription: "conv3d padding 1", input: [1, 2, 3, 4, 3], weight: [2, 2, 2, 3, 2],
            stride: [1, 2, 1], padding: [1], dilation: [1], groups: 1),
    ])
func convGradientsMatchFiniteDifferences(_ c: ConvGradientConfig) {
    Random.withSeed(1) {
        let x = ConvGradientInputs.randn(c.input), w = ConvGradientInputs.randn(c.weight)
        let b = ConvGradientInputs.randn([c.weight[0]])
        let conv = [conv1d, conv2d, conv3d][c.input.count - 3]
        let error = gradientError(
            of: { t in
                conv(t[0], t[1], t[2], SpatialSize(c.stride), SpatialSize(c.padding), SpatialSize(c.dilation), c.groups)
            }, at: [x, w, b])
        #expect(error <= 1e-7, "\(c.testDescription): relative error \(error)")
    }
}

@Test func convTransposeGradientsMatchFiniteDifferences() {
    Random.withSeed(2) {
        let x = ConvGradientInputs.randn([2, 4, 3, 3]), w = ConvGradientInputs.randn([4, 2, 3, 2])
        let b = ConvGradientInputs.randn([4])
        let error2d = gradientError(
            of: { t in
                convTranspose2d(t[0], t[1], bias: t[2], stride: [2, 3], padding: 1, outputPadding: [1, 0], groups: 2, dilation: [1, 2])
            }, at: [x, w, b])
        #expect(error2d <= 1e-7, "convTranspose2d: relative error \(error2d)")
        let x3 = ConvGradientInputs.randn([1, 2, 2, 2, 3]), w3 = ConvGradientInputs.randn([2, 2, 2, 2, 2])
        let error3d = gradientError(of: { t in convTranspose3d(t[0], t[1], stride: 2, padding: [0, 1, 0]) }, at: [x3, w3])
        #expect(error3d <= 1e-7, "convTranspose3d: relative error \(error3d)")
    }
}

@Test func poolingGradientsMatchFiniteDifferences() {
    Random.withSeed(3) {
        // Max pooling has kinks where the winner changes: distinct inputs keep them far from ±h.
        let maxPools: [(String, Tensor, (Tensor) -> Tensor)] = [
            (
                "maxPool2d 3x3 stride 2 padding 1", ConvGradientInputs.distinct([2, 2, 7, 6]),
                { maxPool2d($0, kernelSize: 3, stride: 2, padding: 1) }
            ),
            (
                "maxPool2d dilation 2, ceil mode", ConvGradientInputs.distinct([1, 2, 8, 7]),
                { maxPool2d($0, kernelSize: 2, stride: [2, 1], dilation: 2, ceilMode: true) }
            ),
            ("maxPool3d 2x2x2", ConvGradientInputs.distinct([1, 2, 4, 4, 4]), { maxPool3d($0, kernelSize: 2) }),
            ("maxPool1d", ConvGradientInputs.distinct([2, 2, 9]), { maxPool1d($0, kernelSize: 3, stride: 2, padding: 1) }),
        ]
        for (name, x, pool) in maxPools {
            let error = gradientError(of: { pool($0[0]) }, at: [x])
            #expect(error <= 1e-5, "\(name): relative error \(error)")
        }
        let averages: [(String, [Int], (Tensor) -> Tensor)] = [
            ("avgPool2d padding 1, counting padding", [2, 2, 6, 7], { avgPool2d($0, kernelSize: 3, stride: 2, padding: 1) }),
            (
                "avgPool2d ceil mode, excluding padding", [1, 2, 7, 8],
                { avgPool2d($0, kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false) }
            ),
            ("avgPool3d", [1, 2, 4, 5, 3], { avgPool3d($0, kernelSize: 2, stride: 2, padding: 1) }),
            ("adaptiveAvgPool2d 7x5 -> 3x2", [2, 2, 7, 5], { adaptiveAvgPool2d($0, outputSize: [3, 2]) }),
            ("globalAvgPool", [2, 3, 4, 5], { globalAvgPool($0) }),
        ]
        for (name, shape, pool) in averages {
            let error = gradientError(of: { pool($0[0]) }, at: [ConvGradientInputs.randn(shape)])
            #expect(error <= 1e-7, "\(name): relative error \(error)")
        }
    }
}

@Test func upsampleAndRoIAlignGradientsMatchFiniteDifferences() {
    Random.withSeed(4) {
        let ops: [(String, [Int], (Tensor) -> Tensor)] = [
            ("nearest to 5x7", [1, 2, 3, 4], { upsample($0, size: [5, 7]) }),
            ("nearest 3-D 2x", [1, 2, 2, 3, 2], { upsample($0, scaleFactor: 2) }),
            ("bilinear 2x", [2, 2, 3, 4], { upsample($0, scaleFactor: 2, mode: .bilinear) }),
            ("bilinear to 5x7, alignCorners", [1, 2, 3, 4], { upsample($0, size: [5, 7], mode: .bilinear, alignCorners: true) }),
            ("bilinear down to 3x4", [1, 2, 7, 9], { upsample($0, size: [3, 4], mode: .bilinear) }),
        ]
        for (name, shape, op) in ops {
            let error = gradientError(of: { op($0[0]) }, at: [ConvGradientInputs.randn(shape)])
            #expect(error <= 1e-7, "upsample \(name): relative error \(error)")
        }
        let boxes = Tensor([0, 1, 1.5, 9, 7, 1, -3, 2, 6, 12, 1, 6.3, 2.2, 8.1, 3], shape: [3, 5], dtype: .float64)
        for aligned in [false, true] {
            let x = ConvGradientInputs.randn([2, 2, 6, 6])
            let error = gradientError(
                of: {
                    roiAlign($0[0], boxes: boxes, outputSize: [2, 3], spatialScale: 0.5, samplingRatio: -1, aligned: aligned)
                }, at: [x])
            #expect(error <= 1e-7, "roiAlign aligned \(aligned): relative error \(error)")
        }
    }
}
