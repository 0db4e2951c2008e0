import Foundation
import Testing
@testable import Tensors

// Replays PyTorch's outputs and gradients for convolution, pooling, upsampling and
// RoIAlign (Fixtures/conv_fixtures.json, written by Fixtures/generate_conv_fixtures.py,
// in the schema of torch_reference.json). The reference is float64; every case runs
// in float64 (tight tolerance) and again in float32 (float32 tolerance).

enum ConvReference {
    static let loaded = TorchReference.load("conv_fixtures.json")
    static var cases: [TorchCase] { (try? loaded.get()) ?? [] }

    /// The op a case names, applied to its inputs.
    static func apply(_ op: String, _ t: [Tensor], _ a: Arguments) -> Tensor {
        func size(_ key: String) -> SpatialSize { SpatialSize(a.ints(key)) }
        let x = t[0], rank = a.has("rank") ? a.int("rank") : 2
        switch op {
        case "conv":
            let conv = [conv1d, conv2d, conv3d][rank - 1]
            return conv(x, t[1], t.count > 2 ? t[2] : nil, size("stride"), size("padding"), size("dilation"), a.int("groups"))
        case "convTranspose":
            let conv = [convTranspose1d, convTranspose2d, convTranspose3d][rank - 1]
            return conv(
                x, t[1], t.count > 2 ? t[2] : nil, size("stride"), size("padding"), size("outputPadding"),
                a.int("groups"), size("dilation"))
        case "maxPool":
            let pool = [maxPool1d, maxPool2d, maxPool3d][rank - 1]
            return pool(x, size("kernel"), size("stride"), size("padding"), size("dilation"), a.bool("ceilMode"))
        case "avgPool" where rank == 1:
            return avgPool1d(
                x, kernelSize: size("kernel"), stride: size("stride"), padding: size("padding"),
                ceilMode: a.bool("ceilMode"), countIncludePad: a.bool("countIncludePad"))
        case "avgPool":
            let pool = rank == 2 ? avgPool2d : avgPool3d
            return pool(
                x, size("kernel"), size("stride"), size("padding"), a.bool("ceilMode"), a.bool("countIncludePad"),
                a.optionalInt("divisorOverride"))
        case "adaptiveAvgPool":
            return [adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveAvgPool3d][rank - 1](x, size("outputSize"))
        case "upsample":
            return upsample(
                x, size: a.has("size") ? size("size") : nil, scaleFactor: a.has("scale") ? a.double("scale") : nil,
                mode: InterpolationMode(rawValue: a.string("mode"))!, alignCorners: a.bool("alignCorners"))
        case "roiAlign":
            return roiAlign(
                x, boxes: t[1], outputSize: size("outputSize"), spatialScale: a.double("spatialScale"),
                samplingRatio: a.int("samplingRatio"), aligned: a.bool("aligned"))
        default:
            fatalError("conv_fixtures.json: unknown op \(op)")
        }
    }
}

/// Values within float32 accuracy of the float64 reference: |a - e| <= 1e-5 + 1e-4·|e|.
func expectCloseInFloat32(_ actual: Tensor, _ expected: EncodedTensor, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape && actual.dtype == .float32, "\(what): shape or dtype", sourceLocation: sourceLocation)
    let worst = zip(actual.doubles, expected.values).map { abs($0 - $1) - 1e-4 * abs($1) }.max() ?? 0
    #expect(worst <= 1e-5, "\(what): \(actual.doubles) vs \(expected.values)", sourceLocation: sourceLocation)
}

@Test("Convolution-family ops match PyTorch forward and backward", arguments: ConvReference.cases, [DType.float64, .float32])
func convFixtureMatchesPyTorch(_ c: TorchCase, _ dtype: DType) throws {
    let inputs = c.inputs.map { encoded -> Tensor in
        let t = encoded.tensor().to(dtype).detach()
        t.requiresGrad = encoded.requiresGrad ?? false
        return t
    }
    let check = dtype == .float64 ? expectClose : expectCloseInFloat32
    let out = ConvReference.apply(c.op, inputs, Arguments(raw: c.args))
    check(out, c.output, "\(c.name): output", #_sourceLocation)
    let upstream = try #require(c.upstream), grads = try #require(c.grads)
    out.backward(Tensor(upstream, shape: out.shape, dtype: dtype))
    for (i, (input, expected)) in zip(inputs, grads).enumerated() {
        guard let expected else { continue }
        let grad = try #require(input.grad, "\(c.name): input \(i) got no gradient")
        check(grad, expected, "\(c.name): gradient of input \(i)", #_sourceLocation)
    }
}

@Test func convFixturesCoverEveryOp() {
    #expect(Set(ConvReference.cases.map(\.op)) == ["conv", "convTranspose", "maxPool", "avgPool", "adaptiveAvgPool", "upsample", "roiAlign"])
}
