// `bench --int8-pretrained mobilenetv2|efficientnet-lite0`: post-training int8 quantization of
// the real ImageNet MobileNetV2 (torchvision's weights) or EfficientNet-Lite0 (scripts/fetch-weights.sh),
// measured against its float32 self on real photographs it has never seen.
//
//   scripts/fetch-weights.sh --evaluation-images
//   swift run -c release bench --threads 2 --int8-pretrained mobilenetv2|efficientnet-lite0 [--images 1000] [--calibration 256]
//
// Images: the 2,624 electroluminescence photographs of solar cells of the ELPV data set
// (300×300 grey, Docs/Data.md), in file-name order after a seeded shuffle: the first
// `--calibration` calibrate, the next `--images` are measured. ImageNet preprocessing
// (resize 256, centre crop 224, ImageNet mean and standard deviation, grey copied to RGB).
// Reported: top-1 agreement float vs int8 (no labels needed), how often the int8 top-1 is in
// the float top-5, model file sizes, and median latency at batch 1 and 32.
import DeepLearning
import Foundation
import Quantization

/// The folder scripts/fetch-weights.sh fills.
var weightsFolder: URL {
    let cache =
        ProcessInfo.processInfo.environment["DEEP_LEARNING_CACHE"]
        ?? NSHomeDirectory() + "/.cache/deep-learning-course"
    return URL(fileURLWithPath: cache).appendingPathComponent("weights")
}

/// A batch [N, 3, 224, 224] of photos with ImageNet preprocessing.
func imageNetBatch(_ files: ArraySlice<URL>) throws -> Tensor {
    stack(try files.map { imageNetInput(try PNGImage.read($0).converted(channels: 3).tensor()) })
}

func pretrainedInt8Report(model name: String, images: Int, calibrationCount: Int, repeats: Int, splitOut: URL? = nil) throws {
    let model: Module, weights: String
    switch name {
    case "mobilenetv2": (model, weights) = (MobileNetV2(), "mobilenet_v2-b0353104.pth")
    case "efficientnet-lite0": (model, weights) = (EfficientNetLite(), "efficientnet-lite0-57934424.pth")
    default: throw QuantizationError.unsupportedModule("pretrained report model \(name) (mobilenetv2, efficientnet-lite0)")
    }
    try model.loadPyTorch(from: weightsFolder.appendingPathComponent(weights))
    model.eval()
    let folder = weightsFolder.appendingPathComponent("elpv")
    let all = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == "png" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    guard all.count >= calibrationCount + images else {
        throw QuantizationError.badInput(
            "\(all.count) images in \(folder.path), need \(calibrationCount + images): run scripts/fetch-weights.sh --evaluation-images")
    }
    var generator = Generator(seed: 7)
    let shuffled = all.shuffled(using: &generator)
    let calibrationFiles = shuffled[0..<calibrationCount], evaluationFiles = shuffled[calibrationCount..<(calibrationCount + images)]
    if let splitOut {
        let split = ["calibration": calibrationFiles.map(\.lastPathComponent), "evaluation": evaluationFiles.map(\.lastPathComponent)]
        try JSONSerialization.data(withJSONObject: split, options: [.sortedKeys]).write(to: splitOut, options: .atomic)
    }

    let start = Date()
    let stages = try lowerForQuantization(model)
    let batches = try stride(from: 0, to: calibrationCount, by: 32).map {
        try imageNetBatch(calibrationFiles[(calibrationFiles.startIndex + $0)..<(calibrationFiles.startIndex + min($0 + 32, calibrationCount))])
    }
    let kinds: [ObserverKind] = [.minMax, .percentile(99.99), .histogram]
    let calibrations = try PostTrainingQuantizer.calibrate(stages, batches: batches, observers: kinds)
    let models = try kinds.map { try PostTrainingQuantizer.convert(stages, calibration: calibrations[$0]!) }
    let calibrationSeconds = Date().timeIntervalSince(start)

    var agree = Array(repeating: 0, count: kinds.count), inTop5 = Array(repeating: 0, count: kinds.count)
    var firstBatch: Tensor?
    for offset in stride(from: 0, to: images, by: 32) {
        let lower = evaluationFiles.startIndex + offset
        let x = try imageNetBatch(evaluationFiles[lower..<min(lower + 32, evaluationFiles.endIndex)])
        if firstBatch == nil { firstBatch = x }
        let float = noGrad { model(x) }
        let floatTop1 = float.argmax(axis: 1).ints
        let floatTop5 = (0..<x.shape[0]).map { i -> Set<Int> in
            let row = float[i].doubles
            return Set(row.indices.sorted { row[$0] > row[$1] }.prefix(5))
        }
        for (k, quantized) in models.enumerated() {
            let top1 = try quantized(x).argmax(axis: 1).ints
            agree[k] += zip(top1, floatTop1).filter { $0 == $1 }.count
            inTop5[k] += zip(top1, floatTop5).filter { $1.contains($0) }.count
        }
    }
    for (k, kind) in kinds.enumerated() {
        print(
            #"{"model": "\#(name)", "observer": "\#(kind)", "images": \#(images), "agreement": \#(Double(agree[k]) / Double(images)), "#
                + #""int8_top1_in_float_top5": \#(Double(inTop5[k]) / Double(images))}"#)
    }
    let best = agree.indices.max { agree[$0] < agree[$1] }!
    let quantized = models[best]

    let files = try fileSizes(model, quantized)

    var latency: [String] = []
    for batch in [1, 32] {
        let x = firstBatch!.slice(axis: 0, start: 0, end: batch)
        let f = medianMilliseconds(repeats: batch == 1 ? repeats : max(3, repeats / 4), warmup: 1) { _ = noGrad { model(x) } }
        let q = medianMilliseconds(repeats: batch == 1 ? repeats : max(3, repeats / 4), warmup: 1) { _ = try! quantized(x) }
        latency.append(
            #""b\#(batch)_float_ms": \#(String(format: "%.1f", f)), "b\#(batch)_int8_ms": \#(String(format: "%.1f", q)), "b\#(batch)_speedup": \#(String(format: "%.2f", f / q))"#
        )
    }
    let agreement = Double(agree[best]) / Double(images)
    let summary =
        #"{"model": "\#(name)", "calibration_images": \#(calibrationCount), "calibration_s": \#(Int(calibrationSeconds)), "#
        + #""observer": "\#(kinds[best])", "images": \#(images), "agreement": \#(agreement), "#
        + #""float_file_bytes": \#(files.float), "int8_file_bytes": \#(files.int8), "#
    print(summary + latency.joined(separator: ", ") + "}")
}
