import DeepLearning
import Foundation
import Workbook

/// The MLP both styles train: 784 → 256 → 128 → 10.
func makeMNISTModel() -> Sequential {
    Sequential {
        Linear(784, 256); ReLU(); Dropout(0.2); Linear(256, 128); ReLU(); Dropout(0.2); Linear(128, 10)
    }
}

/// Section 5: the same model trained in the imperative (PyTorch) style and the
/// declarative (Keras) style, from the same seed.
func twoStyles(_ lesson: LessonContext) throws {
    let mnist = try MNIST.subset5k(flatten: true)
    let epochs = 15, batchSize = 64
    print("MNIST subset: \(mnist.train.count) training and \(mnist.test.count) held-out images; \(epochs) epochs, batch \(batchSize), Adam 1e-3.")

    print("\nImperative style — the loop is ours:")
    Random.seed(5)
    let imperative = makeMNISTModel()
    let optimizer = Adam(imperative.parameters(), lr: 1e-3)
    let loader = DataLoader(mnist.train, batchSize: batchSize, shuffle: true, seed: 5)
    Random.seed(5)  // what `fit(seed: 5)` does before its first step, so dropout draws the same masks
    var imperativeLoss: [Double] = [], imperativeAccuracy: [Double] = []
    for epoch in 1...epochs {
        imperative.train()
        let bar = ProgressBar(total: loader.count, label: "Epoch \(epoch)/\(epochs)")
        var total = 0.0
        for (step, (x, y)) in loader.batches(epoch: epoch - 1).enumerated() {
            let loss = crossEntropy(imperative(x), y)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            total += loss.item
            bar.update(step + 1, values: [("loss", total / Double(step + 1))])
        }
        imperativeLoss.append(total / Double(loader.count))
        imperativeAccuracy.append(imperative.evaluate(mnist.test)["accuracy"] ?? 0)
        bar.finish(values: [("loss", imperativeLoss.last!), ("val_accuracy", imperativeAccuracy.last!)])
    }

    print("\nDeclarative style — `fit` runs the loop:")
    Random.seed(5)
    let declarative = makeMNISTModel()
    let history = try declarative.fit(
        mnist.train, epochs: epochs, batchSize: batchSize, optimizer: Adam(lr: 1e-3),
        loss: .crossEntropy, metrics: [.accuracy], validation: mnist.test, seed: 5)

    print("\n  style          held-out accuracy")
    print("  imperative     \(pct(imperativeAccuracy.last ?? 0))")
    print("  declarative    \(pct(history["val_accuracy"].last ?? 0))")

    try plotTrainingCurves(
        [
            ("imperative loss", imperativeLoss), ("fit loss", history.loss),
            ("imperative val_accuracy", imperativeAccuracy), ("fit val_accuracy", history["val_accuracy"]),
        ],
        title: Messages().text("MLP on the MNIST subset, two styles", zh: "MNIST 子集上的多层感知机:两种风格"), to: lesson.figureURL("mnist_training_curves.png"))
    let firstLayer = (declarative[0] as! Linear).weight.slice(axis: 0, start: 0, end: 64).reshape([64, 28, 28])
    try ImageGrid(firstLayer, columns: 8, scale: 2, title: Messages().text("First-layer weights (64 of 256 units)", zh: "第一层权重(256 个单元中的 64 个)"))
        .write(to: lesson.figureURL("mnist_first_layer_weights.png"))

    if let model = lesson.exercise("M01-E12", { try trainMNISTClassifier(train: mnist.train, seed: 12) }) {
        print("Your classifier from exercise M01-E12: \(pct(model.evaluate(mnist.test)["accuracy"] ?? 0)) held-out accuracy.")
    }
}
