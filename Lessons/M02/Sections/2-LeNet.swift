import DeepLearning
import Foundation
import Workbook

/// Section 2: LeNet-5 trained on the 4,000-image MNIST subset with an explicit loop
/// and progress bars; its learned first-layer filters and feature maps drawn.
func leNetOnMNIST(_ lesson: LessonContext) throws {
    let mnist = try MNIST.subset5k()
    let epochs = 10, batchSize = 32
    Random.seed(20)
    let model = LeNet5()
    print(model)
    print(
        "\(grouped(model.parameterCount)) parameters. \(mnist.train.count) training and \(mnist.test.count) held-out images; \(epochs) epochs, batch \(batchSize), Adam 2e-3 with a cosine schedule."
    )
    let optimizer = Adam(model.parameters(), lr: 2e-3)
    let schedule = LRSchedulerCallback(CosineAnnealingLR(optimizer, tMax: epochs), interval: .epoch)
    let history = try model.fit(
        mnist.train, epochs: epochs, batchSize: batchSize, optimizer: optimizer, loss: .crossEntropy,
        metrics: [.accuracy], validation: mnist.test, callbacks: [schedule], seed: 20)
    print("LeNet-5 held-out accuracy after \(epochs) epochs: \(pct(history["val_accuracy"].last ?? 0))")
    try plotTrainingCurves(
        [("training loss", history.loss), ("val_accuracy", history["val_accuracy"])],
        title: Messages().text("LeNet-5 on the MNIST subset", zh: "MNIST 子集上的 LeNet-5"), to: lesson.figureURL("lenet_training.png"))

    let filters = model.features[0] as! Conv2d
    try ImageGrid(
        filters.weight.reshape([6, 5, 5]), columns: 6, scale: 8, title: Messages().text("LeNet conv1: six learned 5x5 filters", zh: "LeNet conv1:学到的六个 5x5 滤波器")
    )
    .write(to: lesson.figureURL("lenet_conv1_filters.png"))
    let digit = mnist.test.example(0).input.unsqueeze(axis: 0)
    let maps = noGrad { model.features[1](filters(digit)) }  // [1, 6, 28, 28] after ReLU
    try ImageGrid(
        concat([digit, maps.reshape([6, 1, 28, 28])], axis: 0), columns: 7, scale: 3,
        title: Messages().text("A test digit and its six conv1 feature maps", zh: "一个测试数字及其六张 conv1 特征图")
    ).write(to: lesson.figureURL("lenet_feature_maps.png"))

    if let trained = lesson.exercise("M02-E14", { try trainLeNet(train: mnist.train, seed: 14) }) {
        print("Your LeNet from exercise M02-E14: \(pct(trained.evaluate(mnist.test)["accuracy"] ?? 0)) held-out accuracy.")
    }
}
