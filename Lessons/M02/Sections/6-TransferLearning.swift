import DeepLearning
import Foundation
import Workbook

/// The images of `data` whose label is in `classes`, relabelled 0..<classes.count,
/// at most `perClass` of each (the first ones).
func digitTask(_ data: TensorDataset, classes: [Int], perClass: Int? = nil) -> TensorDataset {
    let labels = data.targets.ints
    var taken = [Int: Int](), indices: [Int] = [], newLabels: [Int] = []
    for (i, label) in labels.enumerated() {
        guard let position = classes.firstIndex(of: label), taken[label, default: 0] < (perClass ?? .max) else { continue }
        taken[label, default: 0] += 1
        indices.append(i)
        newLabels.append(position)
    }
    return TensorDataset(inputs: data.inputs.indexSelect(axis: 0, Tensor(ints: indices)), targets: Tensor(ints: newLabels))
}

/// The transfer-learning experiment of section 6, shared with the tests of M02-E13:
/// a LeNet pre-trained on digits 0–4, and the small target task of digits 5–9.
struct TransferExperiment {
    let source: TensorDataset, target: TensorDataset, targetTest: TensorDataset
    let pretrained: [String: Tensor]

    /// Pre-trains LeNet-5 (5 classes) on the 2,000 training images of digits 0–4;
    /// the target task gets `perClass` training images of each digit 5–9.
    init(perClass: Int = 50, pretrainEpochs: Int = 3, verbose: Bool = false) throws {
        let mnist = try MNIST.subset5k()
        source = digitTask(mnist.train, classes: [0, 1, 2, 3, 4])
        target = digitTask(mnist.train, classes: [5, 6, 7, 8, 9], perClass: perClass)
        targetTest = digitTask(mnist.test, classes: [5, 6, 7, 8, 9])
        Random.seed(60)
        let model = LeNet5(numClasses: 5)
        try model.fit(source, epochs: pretrainEpochs, batchSize: 32, optimizer: Adam(lr: 2e-3), loss: .crossEntropy, seed: 60, verbose: verbose)
        pretrained = model.stateDict()
    }

    /// A LeNet-5 with the pre-trained weights (head included: it still speaks of digits 0–4).
    func pretrainedModel() throws -> LeNet5 {
        let model = LeNet5(numClasses: 5)
        try model.loadStateDict(pretrained)
        return model
    }

    /// Trains `model` with `optimizer` on the target task; held-out accuracy after each epoch.
    func fineTune(_ model: Module, optimizer: Optimizer, epochs: Int, seed: UInt64 = 61) throws -> [Double] {
        var accuracies: [Double] = []
        for epoch in 0..<epochs {
            try model.fit(target, epochs: 1, batchSize: 25, optimizer: optimizer, loss: .crossEntropy, seed: seed + UInt64(epoch), verbose: false)
            accuracies.append(model.evaluate(targetTest)["accuracy"] ?? 0)
        }
        return accuracies
    }
}

/// Section 6: pre-train on digits 0–4, then learn digits 5–9 from 20 images each,
/// three ways: frozen backbone, full fine-tuning, and from scratch.
func transferLearning(_ lesson: LessonContext) throws {
    let epochs = 15
    let experiment = try TransferExperiment(perClass: 20, verbose: true)
    let source = try experiment.pretrainedModel()
    let mnist = try MNIST.subset5k()
    print(
        "Pre-trained LeNet-5 on \(experiment.source.count) images of digits 0–4: \(pct(source.evaluate(digitTask(mnist.test, classes: [0, 1, 2, 3, 4]))["accuracy"] ?? 0)) held-out accuracy on 0–4."
    )
    print(
        "Target task: digits 5–9 from \(experiment.target.count) training images (20 each), \(experiment.targetTest.count) held-out; \(epochs) epochs of batch 25."
    )

    var runs: [(String, [Double], Int)] = []
    Random.seed(62)
    let frozen = try experiment.pretrainedModel()
    if let optimizer = lesson.exercise("M02-E13", { try prepareForFineTuning(frozen, numClasses: 5, lr: 2e-3) }) {
        runs.append(("frozen backbone", try experiment.fineTune(frozen, optimizer: optimizer, epochs: epochs), frozen.trainableParameterCount))
    }
    Random.seed(62)
    let full = try experiment.pretrainedModel()
    let fullOptimizer = replaceLeNetHeadForFineTuning(full)
    runs.append(("full fine-tune", try experiment.fineTune(full, optimizer: fullOptimizer, epochs: epochs), full.trainableParameterCount))
    Random.seed(62)
    let scratch = LeNet5(numClasses: 5)
    runs.append(
        ("from scratch", try experiment.fineTune(scratch, optimizer: Adam(scratch.parameters(), lr: 2e-3), epochs: epochs), scratch.trainableParameterCount))

    print("  start            trainable params   after 1 epoch   after 5   after \(epochs)")
    var chart = LineChart(
        title: Messages().text("Digits 5-9 from 100 images", zh: "用 100 张图像学习数字 5-9"), xLabel: Messages().text("epoch", zh: "轮次"),
        yLabel: Messages().text("held-out accuracy", zh: "留出集准确率"))
    for (name, accuracies, trainable) in runs {
        print("  \(padded(name, 16)) \(leftPadded(grouped(trainable), 17))   \(pct(accuracies[0]))          \(pct(accuracies[4]))    \(pct(accuracies.last!))")
        chart.add(name, y: accuracies)
    }
    try chart.write(to: lesson.figureURL("transfer_learning.png"))
}

/// Full fine-tuning: every layer trains, the head is new, and the learning rate is lower
/// than from scratch so the pre-trained features are adjusted, not overwritten.
func replaceLeNetHeadForFineTuning(_ model: LeNet5, numClasses: Int = 5) -> Optimizer {
    ExerciseTwins.called("replaceLeNetHeadForFineTuning", twinOf: ["M02-E13"])
    let old = model.classifier as! Sequential
    model.classifier = Sequential(Array(old.layers.dropLast()) + [Linear(84, numClasses)])
    return Adam(model.parameters(), lr: 1e-3)
}
