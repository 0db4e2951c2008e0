import DeepLearning
import Foundation
import XCTest
@testable import Quantization

/// Lowering (BN folding, ReLU fusion), calibration and the int8 model end to end.
final class PostTrainingTests: XCTestCase {
    /// A model whose batch norms carry non-trivial statistics, in evaluation mode.
    private func smallCNN() -> Sequential {
        Random.seed(7)
        let model = Sequential {
            Conv2d(1, 8, kernelSize: 3, padding: 1); BatchNorm2d(8); ReLU(); MaxPool2d(2)
            Conv2d(8, 16, kernelSize: 3, stride: 2, padding: 1, bias: false); BatchNorm2d(16); ReLU()
            AdaptiveAvgPool2d(1); Flatten(); Linear(16, 10)
        }
        // Move the running statistics away from (0, 1) with a few training-mode passes.
        for _ in 0..<3 { _ = model(Tensor.randn([8, 1, 12, 12]) * 2 + 0.5) }
        model.eval()
        return model
    }

    func testLoweringFoldsBatchNormAndFusesReLU() throws {
        let model = smallCNN()
        let stages = try lowerForQuantization(model)
        XCTAssertEqual(stages.count, 6)  // conv-bn-relu, pool, conv-bn-relu, avgpool, flatten, linear
        guard case .convolution(let first) = stages[0], case .convolution(let second) = stages[2] else { return XCTFail("\(stages)") }
        XCTAssertEqual(first.activation, .relu)
        XCTAssertEqual(second.activation, .relu)
        let x = Tensor.randn([4, 1, 12, 12])
        let expected = noGrad { model(x) }.scalars, folded = runFloatStages(stages, x).scalars
        for (a, b) in zip(expected, folded) { XCTAssertEqual(a, b, accuracy: 1e-4) }
    }

    func testResNetLowersWithResidualStagesAndKeepsItsOutput() throws {
        Random.seed(1)
        let model = ResNet(.resnet18, numClasses: 10)
        model.eval()
        let stages = try lowerForQuantization(model)
        let residuals = stages.filter { if case .residual = $0 { return true } else { return false } }
        XCTAssertEqual(residuals.count, 8)
        let x = Tensor.randn([1, 3, 32, 32])
        let expected = noGrad { model(x) }.scalars, folded = runFloatStages(stages, x).scalars
        for (a, b) in zip(expected, folded) { XCTAssertEqual(a, b, accuracy: 1e-3 * max(1, abs(a))) }
    }

    func testInt8ModelTracksTheFloatModel() throws {
        let model = smallCNN()
        let calibration = (0..<4).map { _ in Tensor.randn([16, 1, 12, 12]) }
        let quantized = try PostTrainingQuantizer.quantize(model, calibration: calibration, observer: .minMax)
        let x = Tensor.randn([64, 1, 12, 12])
        let float = noGrad { model(x) }, int8 = try quantized(x)
        XCTAssertEqual(int8.shape, [64, 10])
        // Errors are a few quantization steps of the logits, far below their spread.
        let error = (float - int8).abs().max().item, spread = float.abs().max().item
        XCTAssertLessThan(error, 0.05 * spread, "max |float − int8| \(error), max |float| \(spread)")
        XCTAssertGreaterThan(PostTrainingQuantizer.agreement(float, int8), 0.9)
    }

    func testPercentileObserverClipsOutliers() {
        let values = (0..<10_000).map { Float($0 % 100) / 100 } + [1000]
        let minMax = MinMaxObserver(), percentile = PercentileObserver(percentile: 99.9)
        values.withUnsafeBufferPointer {
            minMax.observe($0); percentile.observe($0)
        }
        XCTAssertEqual(minMax.range.max, 1000)
        XCTAssertEqual(percentile.range.max, 0.99)
        XCTAssertEqual(percentile.range.min, 0)
    }

    /// Mean squared error of quantizing `values` (each `repeats` times) and `outliers` to uint8 over `range` and back.
    private func quantizationError(_ values: [Float], repeats: Int, _ outliers: [Float], _ range: (min: Float, max: Float)) -> Double {
        let q = AffineQuantization.uint8(min: range.min, max: range.max)
        func error(_ v: Float) -> Double {
            let e = Double(v - q.dequantize(Swift.min(255, Swift.max(0, q.quantize(v)))))
            return e * e
        }
        let total = Double(repeats) * values.reduce(0) { $0 + error($1) } + outliers.reduce(0) { $0 + error($1) }
        return total / Double(values.count * repeats + outliers.count)
    }

    func testHistogramObserverFindsTheRangeOfLeastError() {
        Random.seed(3)
        // A bell of a million values and two outliers, seen in two calls (the second widens the range).
        // Clipping an outlier at distance d costs d²; covering it widens every rounding step, which
        // over a million values costs more: the best range reaches towards the outliers but clips them.
        let bell = Tensor.randn([2_000]).scalars, repeats = 500, outliers: [Float] = [30, -20]
        let values = Array(repeating: bell, count: repeats).flatMap { $0 }
        let minMax = MinMaxObserver(), histogram = HistogramObserver()
        for chunk in [values, outliers] {
            chunk.withUnsafeBufferPointer {
                minMax.observe($0)
                histogram.observe($0)
            }
        }
        let found = histogram.range
        XCTAssertEqual(minMax.range.max, 30)
        XCTAssertLessThan(found.max, 20)
        XCTAssertGreaterThan(found.max, 2.5)
        XCTAssertLessThan(found.min, -2.5)
        XCTAssertGreaterThan(found.min, -15)
        // Against every range on a grid, by the exact error of quantizing the values themselves.
        var best = Double.infinity
        for lo in stride(from: -8 as Float, through: -1, by: 0.25) {
            for hi in stride(from: 1 as Float, through: 20, by: 0.25) {
                best = min(best, quantizationError(bell, repeats: repeats, outliers, (lo, hi)))
            }
        }
        let error = quantizationError(bell, repeats: repeats, outliers, found)
        XCTAssertLessThan(error, 1.05 * best, "histogram range \(found): error \(error), best on the grid \(best)")
        XCTAssertLessThan(error, 0.5 * quantizationError(bell, repeats: repeats, outliers, minMax.range))
    }

    func testHistogramObserverOnNonNegativeValuesStartsAtZero() {
        let values = (0..<10_000).map { Float($0 % 600) / 100 }  // ReLU6-like: uniform on [0, 6)
        let histogram = HistogramObserver()
        values.withUnsafeBufferPointer { histogram.observe($0) }
        XCTAssertEqual(histogram.range.min, 0)
        XCTAssertEqual(histogram.range.max, 5.99, accuracy: 0.05)  // nothing to clip in a uniform spread
    }

    func testSaveLoadRoundTripAndTypedErrors() throws {
        let model = smallCNN()
        let quantized = try PostTrainingQuantizer.quantize(model, calibration: [Tensor.randn([8, 1, 12, 12])])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("int8-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.int8")
        try quantized.save(to: url)
        let loaded = try QuantizedModel.load(from: url)
        XCTAssertEqual(loaded, quantized)
        let x = Tensor.randn([3, 1, 12, 12])
        XCTAssertEqual(try loaded(x).scalars, try quantized(x).scalars)

        let garbage = directory.appendingPathComponent("garbage.int8")
        try Data("not a model".utf8).write(to: garbage)
        XCTAssertThrowsError(try QuantizedModel.load(from: garbage)) { error in
            guard case QuantizationError.unreadableModel = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try QuantizedModel.load(from: directory.appendingPathComponent("missing.int8")))
        // A well-formed file describing an impossible layer (stride 0) is refused on load, not at run time.
        guard case .convolution(let c) = quantized.stages[0] else { return XCTFail("\(quantized.stages[0])") }
        let broken = QuantizedConvolution(layer: c.layer, inChannels: c.inChannels, kernel: c.kernel, stride: [0, 0], padding: c.padding, groups: 1)
        let brokenURL = directory.appendingPathComponent("broken.int8")
        try QuantizedModel(input: quantized.input, stages: [.convolution(broken)] + quantized.stages.dropFirst()).save(to: brokenURL)
        XCTAssertThrowsError(try QuantizedModel.load(from: brokenURL)) { error in
            guard case QuantizationError.unreadableModel(_, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "inconsistent convolution")
        }
        XCTAssertThrowsError(try quantized(Tensor.randn([1, 3, 12, 12]))) { error in
            guard case QuantizationError.badInput = error else { return XCTFail("\(error)") }
        }
    }

    func testUnsupportedLayersThrow() {
        XCTAssertThrowsError(
            try lowerForQuantization(
                Sequential {
                    Linear(4, 4); GELU()
                })
        ) { error in
            XCTAssertEqual(error as? QuantizationError, .unsupportedModule("GELU"))
        }
        XCTAssertThrowsError(try PostTrainingQuantizer.quantize(Sequential { Linear(4, 4) }, calibration: []))
    }
}
