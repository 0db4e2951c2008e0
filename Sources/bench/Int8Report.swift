// `bench --int8-report MODEL`: post-training int8 quantization of a model trained on the
// shipped MNIST subset (real handwritten digits), measured against its float32 self.
//
//   swift run -c release bench --threads 2 --int8-report small-cnn|lenet5|resnet18 [--epochs N]
//
// Training: the 4,000 training images. Calibration: 320 of them (the training preprocessing:
// pixels in [0, 1]). Observer choice: agreement on 500 other training images. Reported:
// top-1 agreement with the float model and accuracy on the 1,000 held-out test images, model
// file sizes, and median latency at batch 1 and 32 (float32 and int8, same threads).
import DeepLearning
import Foundation
import Quantization

/// A 3-block CNN with batch norm for 28×28 digits (Conv-BN-ReLU twice, pooled; global average; linear).
func digitsCNN() -> Sequential {
    Sequential {
        Conv2d(1, 32, kernelSize: 3, padding: 1); BatchNorm2d(32); ReLU(); MaxPool2d(2)
        Conv2d(32, 64, kernelSize: 3, padding: 1); BatchNorm2d(64); ReLU(); MaxPool2d(2)
        Conv2d(64, 128, kernelSize: 3, padding: 1); BatchNorm2d(128); ReLU()
        AdaptiveAvgPool2d(1); Flatten(); Linear(128, 10)
    }
}

func int8Report(model name: String, epochs: Int, repeats: Int) throws {
    Random.seed(0)
    let model: Module
    switch name {
    case "small-cnn": model = digitsCNN()
    case "lenet5": model = LeNet5()
    case "resnet18": model = ResNet(.resnet18, numClasses: 10, inChannels: 1)
    default: throw QuantizationError.unsupportedModule("report model \(name) (small-cnn, lenet5, resnet18)")
    }
    let (train, test) = try MNIST.subset5k()
    var generator = Generator(seed: 1)
    let order = Array(0..<train.count).shuffled(using: &generator)
    let calibrationImages = train.inputs.indexSelect(axis: 0, Tensor(ints: Array(order[0..<320])))
    let selectionImages = train.inputs.indexSelect(axis: 0, Tensor(ints: Array(order[320..<820])))

    let start = Date()
    let optimizer = Adam(model.parameters(), lr: 1e-3)
    for epoch in 0..<epochs {
        model.train()
        for batch in DataLoader(train, batchSize: 64, shuffle: true, seed: UInt64(epoch)) {
            optimizer.zeroGrad()
            crossEntropy(model(batch.input), batch.target).backward()
            optimizer.step()
        }
    }
    model.eval()
    let trainSeconds = Date().timeIntervalSince(start)
    func accuracy(_ logits: Tensor) -> Double {
        Double(zip(logits.argmax(axis: 1).ints, test.targets.ints).filter { $0 == $1 }.count) / Double(test.count)
    }
    let floatTest = noGrad { model(test.inputs) }, floatSelection = noGrad { model(selectionImages) }

    // Calibrate every observer in one pass, keep the one that agrees best on the selection images.
    let stages = try lowerForQuantization(model)
    let batches = (0..<10).map { calibrationImages.slice(axis: 0, start: 32 * $0, end: 32 * ($0 + 1)) }
    let kinds: [ObserverKind] = [.minMax, .percentile(99.99), .percentile(99.9)]
    let calibrations = try PostTrainingQuantizer.calibrate(stages, batches: batches, observers: kinds)
    var best: (kind: ObserverKind, model: QuantizedModel, agreement: Double)?
    for kind in kinds {
        let quantized = try PostTrainingQuantizer.convert(stages, calibration: calibrations[kind]!)
        let agreement = PostTrainingQuantizer.agreement(floatSelection, try quantized(selectionImages))
        print(#"{"model": "\#(name)", "observer": "\#(kind)", "selection_agreement": \#(agreement)}"#)
        if agreement > (best?.agreement ?? -1) { best = (kind, quantized, agreement) }
    }
    let quantized = best!.model
    let int8Test = try quantized(test.inputs)

    let files = try fileSizes(model, quantized)

    var latency: [String] = []
    for batch in [1, 32] {
        let x = test.inputs.slice(axis: 0, start: 0, end: batch)
        let f = medianMilliseconds(repeats: repeats, warmup: 2) { _ = noGrad { model(x) } }
        let q = medianMilliseconds(repeats: repeats, warmup: 2) { _ = try! quantized(x) }
        latency.append(
            #""b\#(batch)_float_ms": \#(String(format: "%.3f", f)), "b\#(batch)_int8_ms": \#(String(format: "%.3f", q)), "b\#(batch)_speedup": \#(String(format: "%.2f", f / q))"#
        )
    }
    print(
        #"{"model": "\#(name)", "epochs": \#(epochs), "train_s": \#(Int(trainSeconds)), "observer": "\#(best!.kind)", "#
            + #""test_images": \#(test.count), "agreement": \#(PostTrainingQuantizer.agreement(floatTest, int8Test)), "#
            + #""float_accuracy": \#(accuracy(floatTest)), "int8_accuracy": \#(accuracy(int8Test)), "#
            + #""float_file_bytes": \#(files.float), "int8_file_bytes": \#(files.int8), "#
            + latency.joined(separator: ", ") + "}")
}

/// Bytes of the float32 model saved as safetensors and of the int8 model file.
func fileSizes(_ model: Module, _ quantized: QuantizedModel) throws -> (float: Int, int8: Int) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("int8-report-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let floatFile = directory.appendingPathComponent("model.safetensors"), int8File = directory.appendingPathComponent("model.int8")
    try model.save(to: floatFile)
    try quantized.save(to: int8File)
    func size(_ url: URL) throws -> Int { (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0 }
    return (try size(floatFile), try size(int8File))
}

/// An ImageNet classifier on 224×224 input (random weights: latency does not depend on them),
/// in float32 or quantized after calibration on two random images.
func classifierInference(_ model: Module, batch: Int, int8: Bool) -> () -> Void {
    model.eval()
    let x = Tensor.randn([batch, 3, 224, 224])
    guard int8 else { return { _ = noGrad { model(x) } } }
    let quantized = try! PostTrainingQuantizer.quantize(model, calibration: [Tensor.randn([2, 3, 224, 224])])
    return { _ = try! quantized(x) }
}
