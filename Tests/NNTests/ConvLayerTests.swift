import Foundation
import Testing
import Workbook
@testable import NN

/// Convolution, pooling and resampling layers against PyTorch (Fixtures/vision_layers.json,
/// written by generate_vision_layer_fixtures.py), PyTorch's default initialisation,
/// channel dropout and the forward hook.
@Suite struct ConvLayerTests {
    let fixtures: JSONFixture
    init() throws { fixtures = try JSONFixture.load("vision_layers.json", from: .module) }

    @Test func conv2dWithStridePaddingAndGroupsMatchesTorch() {
        let conv = Conv2d(4, 6, kernelSize: [3, 2], stride: 2, padding: [1, 0], groups: 2)
        #expect(conv.weight.shape == [6, 2, 3, 2])
        expectMatchesTorch(fixtures["conv2d"], conv)
    }

    @Test func dilatedConv2dWithoutBiasMatchesTorch() {
        let conv = Conv2d(3, 4, kernelSize: 3, padding: 2, dilation: 2, bias: false)
        #expect(conv.bias == nil && conv.parameters().count == 1)
        expectMatchesTorch(fixtures["conv2d_dilated"], conv)
    }

    @Test func conv1dAndConv3dMatchTorch() {
        expectMatchesTorch(fixtures["conv1d"], Conv1d(3, 4, kernelSize: 3, stride: 2, padding: 1))
        expectMatchesTorch(fixtures["conv3d"], Conv3d(2, 3, kernelSize: 3, stride: [1, 2, 2], padding: 1))
    }

    @Test func transposedConv2dMatchesTorch() {
        let up = ConvTranspose2d(4, 6, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, groups: 2)
        #expect(up.weight.shape == [4, 3, 3, 3] && up.inChannels == 4 && up.outChannels == 6)
        expectMatchesTorch(fixtures["conv_transpose2d"], up)
    }

    @Test func poolingAndUpsamplingLayersMatchTorch() {
        expectMatchesTorch(fixtures["maxpool2d"], MaxPool2d(3, stride: 2, padding: 1))
        expectMatchesTorch(fixtures["avgpool2d"], AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false))
        expectMatchesTorch(fixtures["adaptive_avgpool2d"], AdaptiveAvgPool2d([3, 2]))
        expectMatchesTorch(fixtures["upsample_bilinear"], Upsample(scaleFactor: 2, mode: .bilinear))
    }

    @Test func globalAvgPoolIsAdaptivePoolingFlattened() {
        Random.seed(3)
        let x = Tensor.randn([2, 5, 4, 3])
        #expect(GlobalAvgPool()(x).shape == [2, 5])
        #expect(close(GlobalAvgPool()(x), AdaptiveAvgPool2d(1)(x).reshape([2, 5])))
        #expect(close(GlobalAvgPool(keepDims: true)(x), x.mean(axes: [2, 3], keepDims: true)))
    }

    /// kaiming_uniform(a = √5) is U(±1/√fanIn), and so is the bias: check the bounds and the spread.
    @Test func defaultInitialisationIsPyTorchs() {
        Random.seed(0)
        let conv = Conv2d(16, 32, kernelSize: 3)
        let bound = 1 / Double(16 * 9).squareRoot()
        let w = conv.weight.doubles
        #expect(w.allSatisfy { abs($0) <= bound })
        let std = (w.map { $0 * $0 }.reduce(0, +) / Double(w.count)).squareRoot()
        #expect(abs(std - bound / 3.0.squareRoot()) < 0.03 * bound)
        #expect(conv.bias!.doubles.allSatisfy { abs($0) <= bound } && conv.bias!.doubles.contains { abs($0) > bound / 2 })
        // A transposed convolution's fan-in is weight.shape[1] · kernel = (out / groups) · 9.
        let up = ConvTranspose2d(8, 4, kernelSize: 3)
        let upBound = 1 / Double(4 * 9).squareRoot()
        #expect(up.weight.doubles.allSatisfy { abs($0) <= upBound } && up.weight.doubles.contains { abs($0) > 0.9 * upBound })
    }

    @Test func layersDescribeTheirConfiguration() {
        #expect(
            Conv2d(3, 16, kernelSize: 3, stride: 2, padding: 1, bias: false).extraDescription
                == "3 → 16, kernelSize: 3, stride: 2, padding: 1, no bias")
        #expect(MaxPool2d(3, stride: 2, padding: 1).extraDescription == "kernelSize: 3, stride: 2, padding: 1")
        #expect(Conv2d(8, 8, kernelSize: [3, 1], groups: 8).extraDescription == "8 → 8, kernelSize: [3, 1], groups: 8")
    }

    @Test func channelDropoutZeroesWholeChannelsAndKeepsTheMean() {
        Random.seed(7)
        let drop = Dropout2d(0.25)
        let y = drop(Tensor.ones([8, 16, 3, 3])).doubles
        let scaled = Double(Float(1 / 0.75))
        var kept = 0
        for plane in 0..<(8 * 16) {
            let values = Set(y[(plane * 9)..<(plane * 9 + 9)])
            #expect(values == [0] || values == [scaled])
            if values == [scaled] { kept += 1 }
        }
        #expect(kept > 80 && kept < 112)  // 96 expected of 128
        drop.eval()
        let x = Tensor.randn([2, 3, 4, 4])
        #expect(drop(x) === x)
        #expect(Dropout3d(0.5)(Tensor.ones([2, 2, 2, 2, 2])).shape == [2, 2, 2, 2, 2])
    }

    @Test func forwardHookSeesEveryCallInnermostFirst() {
        let model = Sequential {
            Conv2d(1, 2, kernelSize: 3); ReLU(); Flatten()
        }
        var calls: [(String, [Int], [Int])] = []
        Module.withForwardHook({ m, x, y in calls.append((m.typeName, x.shape, y.shape)) }) {
            _ = model(Tensor.zeros([1, 1, 5, 5]))
        }
        #expect(calls.map(\.0) == ["Conv2d", "ReLU", "Flatten", "Sequential"])
        #expect(calls[0].1 == [1, 1, 5, 5] && calls[0].2 == [1, 2, 3, 3] && calls[3].2 == [1, 18])
        _ = model(Tensor.zeros([1, 1, 5, 5]))
        #expect(calls.count == 4)  // no hook outside the block
    }

    @Test func convolutionShapeErrorStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Conv2d(3, 8, kernelSize: 3)(Tensor.zeros([1, 4, 8, 8]))
        }
        await #expect(processExitsWith: .failure) {
            _ = Conv2d(6, 8, kernelSize: 3, groups: 4)
        }
    }
}

/// Copies the record's parameters into `layer` (by parameter name), runs it on the
/// record's input and compares y, dx and every parameter gradient of sum(y · upstream).
func expectMatchesTorch(_ record: JSONFixture, _ layer: Module, sourceLocation: SourceLocation = #_sourceLocation) {
    for (name, p) in layer.namedParameters() { p.assign(record[name].record()) }
    let x = record["x"].record()
    x.requiresGrad = true
    let y = layer(x)
    #expect(close(y, record["y"].record(), rtol: 1e-4, atol: 1e-5), "output", sourceLocation: sourceLocation)
    (y * record["upstream"].record()).sum().backward()
    #expect(close(x.grad!, record["dx"].record(), rtol: 1e-4, atol: 1e-4), "input gradient", sourceLocation: sourceLocation)
    for (name, p) in layer.namedParameters() {
        #expect(close(p.grad!, record["d" + name].record(), rtol: 1e-4, atol: 1e-4), "gradient of \(name)", sourceLocation: sourceLocation)
    }
}
