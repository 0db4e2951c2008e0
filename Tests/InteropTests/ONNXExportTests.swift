import Datasets
import Quantization
import Foundation
import Testing
@testable import Interop
import NN
import Tensors
import Vision

/// Runs scripts/onnx_run.py (and tflite_run.py) with the Python named by $INTEROP_PYTHON
/// (default python3), which needs numpy, onnx, onnxruntime and ai-edge-litert.
enum ONNXRuntime {
    static let python = ProcessInfo.processInfo.environment["INTEROP_PYTHON"] ?? "python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/onnx_run.py").standardized

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// In CI the reference runtimes must be there (the tests then fail without them); elsewhere they are skipped.
    static let shouldTest: Bool =
        ProcessInfo.processInfo.environment["CI"] != nil
        || ((try? run(["-c", "import numpy, onnx, onnxruntime, ai_edge_litert"]).status) == 0)

    /// onnxruntime's output for `x` on the model at `url`.
    /// `optimized: false` runs the graph node by node, without onnxruntime's fusions.
    static func evaluate(_ url: URL, _ x: Tensor, optimized: Bool = true) throws -> Tensor {
        let folder = url.deletingLastPathComponent()
        let input = folder.appendingPathComponent("input.f32"), output = folder.appendingPathComponent("output.f32")
        try x.scalars.withUnsafeBytes { Data($0) }.write(to: input)
        let (status, text) = try run(
            [script.path, url.path, input.path, x.shape.map(String.init).joined(separator: ","), output.path] + (optimized ? [] : ["unoptimized"]))
        try #require(status == 0, "onnx_run.py failed: \(text)")
        let shape = text.split(separator: "\n")[0].split(separator: ",").map { Int($0)! }
        let values = try Data(contentsOf: output).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return Tensor(values, shape: shape)
    }
}

@Suite(.serialized, .enabled(if: ONNXRuntime.shouldTest, "needs numpy, onnx, onnxruntime and ai-edge-litert"))
struct ONNXExportTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String, channels: Int, side: Int
        let make: @Sendable () -> Module
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "lenet5", channels: 1, side: 28) { LeNet5() },
        Case(name: "resnet18", channels: 3, side: 64) { ResNet(.resnet18) },
        Case(name: "mobilenet_v2", channels: 3, side: 64) { MobileNetV2() },
        Case(name: "efficientnet_b0", channels: 3, side: 64) { EfficientNet() },
        Case(name: "efficientnet_lite0", channels: 3, side: 64) { EfficientNetLite() },
    ]

    /// The case's model, seeded, in evaluation mode, with batch-norm statistics away from
    /// their initial 0 and 1 so that they matter.
    static func prepared(_ c: Case, seed: UInt64) -> Module {
        Random.seed(seed)
        let model = c.make()
        for (name, t) in model.namedBuffers() where t.dtype == .float32 {
            let values = Tensor.rand(t.shape)
            t.assign(name.hasSuffix("runningVar") ? values + 0.5 : values - 0.5)
        }
        model.eval()
        return model
    }

    /// The exported file passes onnx.checker, and onnxruntime's output equals the model's
    /// (max |difference| ≤ 1e-4) at batch 1 and, through the dynamic batch axis, at batch 3.
    @Test(arguments: cases) func exportedModelRunsIdenticallyInOnnxRuntime(_ c: Case) throws {
        let model = ONNXExportTests.prepared(c, seed: 7)
        let folder = try makeTemporaryFolder("onnx")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("\(c.name).onnx")
        try model.exportONNX(to: url, example: Tensor.randn([1, c.channels, c.side, c.side]))
        for batch in [1, 3] {
            let x = Tensor.randn([batch, c.channels, c.side, c.side])
            let expected = noGrad { model(x) }
            let actual = try ONNXRuntime.evaluate(url, x)
            #expect(actual.shape == expected.shape)
            let difference = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
            #expect(difference <= 1e-4, "\(c.name), batch \(batch): max |difference| \(difference)")
        }
    }
}

/// A layer the exporter does not know is a typed error that names it.
@Suite struct ONNXExportErrorTests {
    final class Swish2: Module {
        override func forward(_ x: Tensor) -> Tensor { x * x.sigmoid() * 2 }
    }

    @Test func unsupportedLayerIsNamed() throws {
        let model = Sequential {
            Linear(4, 4); Swish2()
        }
        model.eval()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("unsupported-\(UUID()).onnx")
        #expect(throws: ONNXError.unsupportedOperation("Swish2")) {
            try model.exportONNX(to: url, example: Tensor.randn([1, 4]))
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func trainingModeIsRefused() throws {
        let model = Sequential {
            Linear(4, 4); Dropout(0.5)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("training-\(UUID()).onnx")
        #expect(throws: ONNXError.self) { try model.exportONNX(to: url, example: Tensor.randn([1, 4])) }
    }
}

/// Export, then import with `ONNXModel`: the library runs its own ONNX files with the
/// model's numbers (no onnxruntime needed).
@Suite(.serialized) struct ONNXRoundTripTests {
    @Test(arguments: ONNXExportTests.cases) func exportThenImportGivesTheModelsOutput(_ c: ONNXExportTests.Case) throws {
        let model = ONNXExportTests.prepared(c, seed: 11)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(c.name)-\(UUID()).onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.exportONNX(to: url, example: Tensor.randn([1, c.channels, c.side, c.side]))
        let imported = try ONNXModel(contentsOf: url)
        #expect(imported.inputNames == ["input"] && imported.outputNames == ["output"])
        let x = Tensor.randn([2, c.channels, c.side, c.side])
        let expected = noGrad { model(x) }, actual = try imported(x)
        #expect(actual.shape == expected.shape)
        let difference = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-4, "\(c.name): max |difference| \(difference)")
    }

    @Test func damagedFilesAndUnknownOperatorsThrow() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID()).onnx")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data([0xff, 0xff, 0xff, 0x01, 0x02]).write(to: url)
        #expect(throws: ONNXError.self) { try ONNXModel(contentsOf: url) }
        var node = Onnx_NodeProto()
        node.opType = "NonMaxSuppression"
        var model = Onnx_ModelProto()
        model.graph.node = [node]
        try model.serializedData().write(to: url)
        #expect(throws: ONNXError.unsupportedOperation("NonMaxSuppression")) { try ONNXModel(contentsOf: url) }
    }
}

/// PaddleOCR's PP-OCRv4 text detector and recogniser (rapidocr-onnxruntime 1.4.4) run by
/// `ONNXModel` as by onnxruntime, on scikit-image's scanned page of printed text.
@Suite(.serialized, .enabled(if: ONNXRuntime.shouldTest && PretrainedWeights.shouldTest, "needs onnxruntime and scripts/fetch-weights.sh"))
struct PaddleOCRImportTests {
    /// The top-left `height`×`width` of the page as RGB, normalised as PaddleOCR does:
    /// ImageNet statistics for the detector, [-1, 1] for the recogniser.
    static func page(height: Int, width: Int, imageNet: Bool) throws -> Tensor {
        let rgb = try PNGImage.read(PretrainedWeights.url("photos/page.png")).converted(channels: 3).tensor()
        let crop = rgb.slice(axis: 1, start: 0, end: height).slice(axis: 2, start: 0, end: width)
        return (imageNet ? normalize(crop, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225]) : (crop - 0.5) / 0.5).unsqueeze(axis: 0)
    }

    func check(_ model: String, _ x: Tensor) throws {
        let url = PretrainedWeights.url("ocr/\(model).onnx")
        let ours = try ONNXModel(contentsOf: url)(x)
        let folder = try makeTemporaryFolder("ocr")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("model.onnx"), withDestinationURL: url)
        let reference = try ONNXRuntime.evaluate(folder.appendingPathComponent("model.onnx"), x)
        #expect(ours.shape == reference.shape)
        let difference = zip(ours.scalars, reference.scalars).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-4, "\(model): max |difference| \(difference)")
        // The page has text: the outputs are confident somewhere, so the comparison is not one of zeros.
        #expect((reference.scalars.max() ?? 0) > 0.9)
    }

    /// The probability map [1, 1, 160, 384] of text pixels.
    @Test func detectorMatchesOnnxRuntime() throws {
        try check("ch_PP-OCRv4_det_infer", try Self.page(height: 160, width: 384, imageNet: true))
    }

    /// Character probabilities [1, 40, 6625] along a 48×320 strip.
    @Test func recogniserMatchesOnnxRuntime() throws {
        try check("ch_PP-OCRv4_rec_infer", try Self.page(height: 48, width: 320, imageNet: false))
    }
}

/// float32 TFLite files run by LiteRT (`ai-edge-litert`) as the library runs the model.
@Suite(.serialized, .enabled(if: ONNXRuntime.shouldTest, "needs numpy and ai-edge-litert"))
struct TFLiteExportTests {
    static let script = ONNXRuntime.script.deletingLastPathComponent().appendingPathComponent("tflite_run.py")

    @Test(arguments: ONNXExportTests.cases.filter { $0.name != "resnet18" })
    func exportedModelRunsIdenticallyInLiteRT(_ c: ONNXExportTests.Case) throws {
        let model = ONNXExportTests.prepared(c, seed: 5)
        let folder = try makeTemporaryFolder("tflite")
        defer { try? FileManager.default.removeItem(at: folder) }
        let x = Tensor.randn([1, c.channels, c.side, c.side])
        let url = folder.appendingPathComponent("model.tflite")
        try model.exportTFLite(to: url, example: x)
        let input = folder.appendingPathComponent("input.f32"), output = folder.appendingPathComponent("output.f32")
        try x.scalars.withUnsafeBytes { Data($0) }.write(to: input)
        let (status, text) = try ONNXRuntime.run([Self.script.path, url.path, input.path, x.shape.map(String.init).joined(separator: ","), output.path])
        try #require(status == 0, "tflite_run.py failed: \(text)")
        let actual = try Data(contentsOf: output).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let expected = noGrad { model(x) }.scalars
        #expect(actual.count == expected.count)
        let difference = zip(actual, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-4, "\(c.name): max |difference| \(difference)")
    }

    /// TFLite has no padded max pooling: ResNet's stem is refused by name.
    @Test func paddedPoolingIsATypedError() throws {
        let model = ResNet(.resnet18)
        model.eval()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("resnet-\(UUID()).tflite")
        #expect(throws: ONNXError.unsupportedOperation("TFLite MaxPool with padding or ceil mode")) {
            try model.exportTFLite(to: url, example: Tensor.randn([1, 3, 32, 32]))
        }
    }
}

/// int8 models (the Quantization module) exported to TFLite and run by LiteRT's reference
/// kernels give the library's integers exactly.
@Suite(.serialized, .enabled(if: ONNXRuntime.shouldTest, "needs numpy and ai-edge-litert"))
struct TFLiteInt8ExportTests {
    /// The cases with an int8 path, at the side they are quantized at.
    static let cases = ONNXExportTests.cases.filter { ["lenet5", "resnet18", "mobilenet_v2", "efficientnet_lite0"].contains($0.name) }

    /// The case's model quantized (seeded weights, calibrated on random images), and its image side.
    static func quantized(_ c: ONNXExportTests.Case) throws -> (model: QuantizedModel, side: Int) {
        let model = ONNXExportTests.prepared(c, seed: 8)
        let side = c.channels == 1 ? c.side : 32
        return (try PostTrainingQuantizer.quantize(model, calibration: [Tensor.randn([8, c.channels, side, side])]), side)
    }

    @Test(arguments: TFLiteInt8ExportTests.cases)
    func quantizedModelRunsIdenticallyInLiteRT(_ c: ONNXExportTests.Case) throws {
        let (quantized, side) = try TFLiteInt8ExportTests.quantized(c)
        let folder = try makeTemporaryFolder("tflite-int8")
        defer { try? FileManager.default.removeItem(at: folder) }
        let x = Tensor.randn([2, c.channels, side, side])
        let url = folder.appendingPathComponent("model.tflite")
        try quantized.exportTFLite(to: url, inputShape: x.shape)
        let input = folder.appendingPathComponent("input.f32"), output = folder.appendingPathComponent("output.f32")
        try x.scalars.withUnsafeBytes { Data($0) }.write(to: input)
        let (status, text) = try ONNXRuntime.run([
            TFLiteExportTests.script.path, url.path, input.path,
            x.shape.map(String.init).joined(separator: ","), output.path, "reference",
        ])
        try #require(status == 0, "tflite_run.py failed: \(text)")
        let actual = try Data(contentsOf: output).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }.map { Int($0) }
        let expected = try quantized.quantizedOutput(x)
        #expect(text.hasPrefix(expected.shape.map(String.init).joined(separator: ",")), "\(c.name): \(text)")
        #expect(
            actual == expected.values.map { Int($0) - 128 },
            "\(c.name): LiteRT \(actual.prefix(10)), library \(expected.values.prefix(10).map { Int($0) - 128 })")
        #expect(Set(actual).count > 5, "a constant output tests nothing")
    }
}

/// int8 models exported to ONNX in QDQ form and run by onnxruntime compute what the
/// library's int8 model computes. QDQ is defined in float (dequantize, compute, quantize), so
/// the two round the odd value the other way; such one-step differences travel on through the
/// following layers, so each stage is checked on its own, fed the library's integers for its input.
@Suite(.serialized, .enabled(if: ONNXRuntime.shouldTest, "needs numpy, onnx and onnxruntime"))
struct ONNXInt8ExportTests {
    /// How many of onnxruntime's outputs (reals) equal the int8 model's integers, and the largest difference, in steps.
    static func steps(_ actual: Tensor, _ expected: QuantizedTensor) -> (exact: Double, largest: Int) {
        let steps = zip(actual.scalars, expected.values).map { a, q in
            Int((a / expected.quantization.scale).rounded()) + Int(expected.quantization.zeroPoint) - Int(q)
        }
        return (Double(steps.filter { $0 == 0 }.count) / Double(max(steps.count, 1)), steps.map(abs).max() ?? 0)
    }

    @Test(arguments: TFLiteInt8ExportTests.cases)
    func quantizedModelRunsInOnnxRuntime(_ c: ONNXExportTests.Case) throws {
        let (quantized, side) = try TFLiteInt8ExportTests.quantized(c)
        let folder = try makeTemporaryFolder("onnx-int8")
        defer { try? FileManager.default.removeItem(at: folder) }
        let x = Tensor.randn([3, c.channels, side, side])
        let url = folder.appendingPathComponent("model.onnx")

        // The whole model: a valid file, the dynamic batch axis, the output's shape.
        try quantized.exportONNX(to: url, inputShape: [1, c.channels, side, side])
        let whole = try ONNXRuntime.evaluate(url, x)
        let expected = try quantized.quantizedOutput(x)
        #expect(whole.shape == expected.shape)
        #expect(Set(expected.values).count > 5, "a constant output tests nothing")

        // Each of the first and last stages alone (every kind of stage is among them), on the
        // library's integers (dequantized; the stage quantizes them back exactly).
        var input = QuantizedTensor(quantizing: x, with: quantized.input)
        for (i, stage) in quantized.stages.enumerated() {
            let single = QuantizedModel(input: input.quantization, stages: [stage])
            let real = input.dequantized()
            let output = try single.quantizedOutput(real)
            var checked = i < 5 || i >= quantized.stages.count - 3
            if case .flatten = stage { checked = false }
            if checked {
                try single.exportONNX(to: url, inputShape: [1] + input.shape.dropFirst())
                let agreement = try ONNXInt8ExportTests.steps(ONNXRuntime.evaluate(url, real), output)
                // One rounding per layer: a layer is at most one step off; a residual block
                // (two or three layers, then the add) at most two.
                var isBlock = false
                if case .residual = stage { isBlock = true }
                #expect(agreement.exact >= 0.98, "\(c.name), stage \(i): \(agreement)")
                #expect(agreement.largest <= (isBlock ? 2 : 1), "\(c.name), stage \(i): \(agreement)")
            }
            input = output
        }
    }
}
