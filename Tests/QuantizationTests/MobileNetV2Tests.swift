import DeepLearning
import Foundation
import XCTest
@testable import Quantization

/// MobileNetV2's inverted residual blocks (1×1 expansion, 3×3 depthwise, linear projection,
/// ReLU6, identity shortcut) lowered, quantized and run by the integer kernels.
final class MobileNetV2Tests: XCTestCase {
    /// A MobileNetV2 for 10 classes whose batch norms carry non-trivial statistics.
    private func model() -> MobileNetV2 {
        Random.seed(4)
        let model = MobileNetV2(numClasses: 10)
        for _ in 0..<2 { _ = noGrad { model(Tensor.randn([4, 3, 32, 32]) * 1.5 + 0.2) } }
        model.eval()
        return model
    }

    func testLoweringKeepsTheOutputWithResidualsAndReLU6() throws {
        let model = model()
        let stages = try lowerForQuantization(model)
        let residuals = stages.compactMap { stage -> [FloatStage]? in
            guard case .residual(let body, let shortcut, let activation) = stage, shortcut.isEmpty, activation == Activation.none else { return nil }
            return body
        }
        XCTAssertEqual(residuals.count, 10)  // the blocks that keep their shape
        guard case .convolution(let stem) = stages[0], let body = residuals.first, body.count == 3,
            case .convolution(let depthwise) = body[1], case .convolution(let projection) = body[2]
        else { return XCTFail("\(stages.prefix(3))") }
        XCTAssertEqual(stem.activation, Activation.relu6)
        XCTAssertEqual(depthwise.activation, Activation.relu6)
        XCTAssertEqual(depthwise.groups, depthwise.weight.shape[0])
        XCTAssertEqual(projection.activation, Activation.none)
        let x = Tensor.randn([2, 3, 32, 32])
        let expected = noGrad { model(x) }.scalars, folded = runFloatStages(stages, x).scalars
        for (a, b) in zip(expected, folded) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(a))) }
    }

    func testInt8ModelTracksTheFloatModel() throws {
        let model = model()
        let quantized = try PostTrainingQuantizer.quantize(model, calibration: (0..<3).map { _ in Tensor.randn([8, 3, 32, 32]) })
        let x = Tensor.randn([16, 3, 32, 32])
        let float = noGrad { model(x) }, int8 = try quantized(x)
        XCTAssertEqual(int8.shape, [16, 10])
        let error = (float - int8).abs().max().item, spread = float.abs().max().item
        XCTAssertLessThan(error, 0.1 * spread, "max |float − int8| \(error), max |float| \(spread)")
        // int8 weights, one float scale and one int32 bias per channel: about 4× below float32.
        XCTAssertGreaterThan(Double(model.parameterCount * 4) / Double(quantized.parameterBytes), 3.5)
    }

    /// The real ImageNet weights (scripts/fetch-weights.sh): calibrated on mirrored copies of
    /// scikit-image's photos, the int8 model names the same top-1 class as float32 on the photos.
    func testPretrainedWeightsKeepTheirTopClassOnRealPhotos() throws {
        let cache =
            ProcessInfo.processInfo.environment["DEEP_LEARNING_CACHE"]
            ?? NSHomeDirectory() + "/.cache/deep-learning-course"
        let folder = URL(fileURLWithPath: cache).appendingPathComponent("weights")
        let weights = folder.appendingPathComponent("mobilenet_v2-b0353104.pth")
        guard ProcessInfo.processInfo.environment["CI"] != nil || FileManager.default.fileExists(atPath: weights.path) else {
            throw XCTSkip("run scripts/fetch-weights.sh first")
        }
        let model = MobileNetV2()
        try model.loadPyTorch(from: weights)
        model.eval()
        let photos = try ["chelsea", "coffee", "astronaut", "page"].map { name in
            imageNetInput(try PNGImage.read(URL(fileURLWithPath: folder.appendingPathComponent("photos/\(name).png").path)).converted(channels: 3).tensor())
        }
        let x = stack(photos)
        let quantized = try PostTrainingQuantizer.quantize(model, calibration: [stack(photos.map(horizontalFlip))])
        let float = noGrad { model(x) }, int8 = try quantized(x)
        XCTAssertEqual(int8.argmax(axis: 1).ints, float.argmax(axis: 1).ints)
        XCTAssertEqual(float.argmax(axis: 1).ints[0...1], [285, 967])  // Egyptian cat, espresso
        // The files: safetensors of the float model against the int8 model file.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mobilenet-int8-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (floatFile, int8File) = (directory.appendingPathComponent("float.safetensors"), directory.appendingPathComponent("model.int8"))
        try model.save(to: floatFile)
        try quantized.save(to: int8File)
        let size = { (url: URL) in Double(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0) }
        XCTAssertGreaterThan(try size(floatFile) / size(int8File), 3.9, "float32 / int8 file size")
        XCTAssertEqual(try QuantizedModel.load(from: int8File), quantized)
    }
}

/// EfficientNet-Lite0: the MobileNetV2 blocks with TensorFlow's "same" padding, which pads a
/// stride-2 window asymmetrically; lowered with a padding stage that the int8 path repeats.
final class EfficientNetLiteTests: XCTestCase {
    func testLoweringKeepsTheOutputAndInt8TracksIt() throws {
        Random.seed(6)
        let model = EfficientNetLite(numClasses: 10)
        for _ in 0..<2 { _ = noGrad { model(Tensor.randn([4, 3, 32, 32]) * 1.5 + 0.2) } }
        model.eval()
        let stages = try lowerForQuantization(model)
        func pads(_ stages: [FloatStage]) -> Int {
            stages.reduce(0) { count, stage in
                switch stage {
                case .samePad: return count + 1
                case .residual(let body, _, _): return count + pads(body)
                default: return count
                }
            }
        }
        XCTAssertEqual(pads(stages), 1 + 16)  // the stem's and one per block
        let x = Tensor.randn([2, 3, 33, 32])  // an odd height: symmetric and asymmetric padding both occur
        let expected = noGrad { model(x) }.scalars, folded = runFloatStages(stages, x).scalars
        for (a, b) in zip(expected, folded) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(a))) }
        let quantized = try PostTrainingQuantizer.quantize(model, calibration: (0..<3).map { _ in Tensor.randn([8, 3, 33, 32]) })
        let float = noGrad { model(x) }, int8 = try quantized(x)
        let error = (float - int8).abs().max().item, spread = float.abs().max().item
        XCTAssertLessThan(error, 0.1 * spread, "max |float − int8| \(error), max |float| \(spread)")
        // The padding stage is stored and checked like the others.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lite-\(UUID()).int8")
        defer { try? FileManager.default.removeItem(at: url) }
        try quantized.save(to: url)
        XCTAssertEqual(try QuantizedModel.load(from: url).quantizedOutput(x), try quantized.quantizedOutput(x))
    }
}
