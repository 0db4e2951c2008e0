import ArgumentParser
import DeepLearning
import FileIO
import Foundation
import Quantization

/// Milliseconds per image at batch 1, the median of `runs` after two warm-up runs.
func latencyMilliseconds(runs: Int = 20, _ body: () throws -> Void) rethrows -> Double {
    try body(); try body()
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times.sorted()[runs / 2]
}

func fileSize(_ url: URL) -> Int { ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0 }

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deployment: float ONNX and TFLite files, the int8 model (calibrated on training images), and a float32 vs int8 table on the test split.")

    @OptionGroup var data: DataOptions
    @OptionGroup var trained: ModelOptions
    @Option(help: "Training images used to calibrate the int8 activation ranges.") var calibration = 256

    func run() throws {
        print("Data: \(ELPV.licence).")
        let model = try trained.load()
        let (s, folder) = (model.settings, trained.folder)
        let example = Tensor(GreyInput.normalized([Float](repeating: 0.5, count: s.size * s.size)), shape: [1, 1, s.size, s.size])
        let onnx = folder.appendingPathComponent("model.onnx"), tflite = folder.appendingPathComponent("model.tflite")
        try model.model.exportONNX(to: onnx, example: example)
        try model.model.exportTFLite(to: tflite, example: example)
        print("float32: \(onnx.path) (\(fileSize(onnx)) bytes), \(tflite.path) (\(fileSize(tflite)) bytes)")

        let test = try data.images("test", size: s.size)
        let labels = test.labels(Array(0..<test.count), task: .binary)
        let floatScores = defectScores(model.probabilities(of: test.pixels), task: s.task)
        let floatMetrics = BinaryMetrics(scores: floatScores, labels: labels, threshold: s.task == .binary ? model.threshold : 0.5)
        let floatLatency = latencyMilliseconds { _ = noGrad { model.model(example) } }

        let quantized: QuantizedModel
        do {
            let train = try data.images("train", size: s.size, maxCount: calibration)
            let batches = stride(from: 0, to: train.count, by: 32).map { start in
                train.batch(Array(start..<min(start + 32, train.count))) { GreyInput.normalized($1) }
            }
            quantized = try PostTrainingQuantizer.quantize(model.model, calibration: batches, observer: .minMax)
        } catch let error as QuantizationError {
            print("int8: \(error) — the int8 runtime has no kernel for this network yet; `--model` a small CNN (train --model small) for the int8 path")
            return
        }
        let int8URL = folder.appendingPathComponent("model-int8.plist")
        try quantized.save(to: int8URL)
        var intProbabilities: [[Double]] = []
        for start in stride(from: 0, to: test.count, by: 64) {
            let x = test.batch(Array(start..<min(start + 64, test.count))) { GreyInput.normalized($1) }
            intProbabilities += probabilities(try quantized(x))
        }
        let intScores = defectScores(intProbabilities, task: s.task)
        let intMetrics = BinaryMetrics(scores: intScores, labels: labels, threshold: floatMetrics.threshold)
        let intLatency = try latencyMilliseconds { _ = try quantized(example) }
        let agreement =
            Double(zip(floatScores, intScores).filter { ($0 >= floatMetrics.threshold) == ($1 >= floatMetrics.threshold) }.count) / Double(test.count)
        let floatBytes = model.model.parameterCount * 4
        let table = """
            | model | test accuracy | defective F1 | ROC AUC | weights | latency, batch 1 |
            |---|---|---|---|---|---|
            | float32 | \(String(format: "%.2f%%", 100 * floatMetrics.accuracy)) | \(String(format: "%.3f", floatMetrics.f1)) | \(String(format: "%.4f", floatMetrics.auc)) | \(floatBytes) B | \(String(format: "%.2f ms", floatLatency)) |
            | int8 | \(String(format: "%.2f%%", 100 * intMetrics.accuracy)) | \(String(format: "%.3f", intMetrics.f1)) | \(String(format: "%.4f", intMetrics.auc)) | \(quantized.parameterBytes) B | \(String(format: "%.2f ms", intLatency)) |

            verdicts identical on \(String(format: "%.2f%%", 100 * agreement)) of \(test.count) test cells; int8 model \(int8URL.path) (\(fileSize(int8URL)) bytes)
            """
        print(table)
        try AtomicFile.write(table + "\n", to: folder.appendingPathComponent("deployment.md"))
    }
}
