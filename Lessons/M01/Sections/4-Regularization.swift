import DeepLearning
import Foundation
import Workbook

/// Section 4: a wide MLP over-fits 500 MNIST images; dropout, weight decay and
/// batch norm each narrow the gap between training and held-out accuracy.
func regularization(_ lesson: LessonContext) throws {
    let mnist = try MNIST.subset5k(flatten: true)
    let small = Subset(mnist.train, indices: Array(0..<500))
    let epochs = 40
    print("500 MNIST training images, 1,000 held-out; MLP 784 → 512 → 512 → 10; Adam 1e-3; \(epochs) epochs.")

    let variants: [(String, () -> Module, Double)] = [
        (
            "none",
            {
                Sequential {
                    Linear(784, 512); ReLU(); Linear(512, 512); ReLU(); Linear(512, 10)
                }
            }, 0
        ),
        (
            "dropout 0.2 in, 0.5 hidden",
            {
                Sequential {
                    Dropout(0.2); Linear(784, 512); ReLU(); Dropout(0.5); Linear(512, 512); ReLU(); Dropout(0.5); Linear(512, 10)
                }
            }, 0
        ),
        (
            "weight decay (AdamW 1.0)",
            {
                Sequential {
                    Linear(784, 512); ReLU(); Linear(512, 512); ReLU(); Linear(512, 10)
                }
            }, 1.0
        ),
        (
            "batch norm",
            {
                Sequential {
                    Linear(784, 512); BatchNorm1d(512); ReLU(); Linear(512, 512); BatchNorm1d(512); ReLU(); Linear(512, 10)
                }
            }, 0
        ),
    ]
    var chart = LineChart(
        title: Messages().text("Held-out loss, 500 training images", zh: "留出集损失(500 张训练图像)"),
        xLabel: Messages().text("epoch", zh: "轮次"), yLabel: Messages().text("held-out cross-entropy", zh: "留出集交叉熵"))
    print("  regularizer                  train acc   held-out acc   gap    held-out loss")
    for (name, makeModel, weightDecay) in variants {
        Random.seed(4)
        let model = makeModel()
        let optimizer: Optimizer = weightDecay > 0 ? AdamW(model.parameters(), lr: 1e-3, weightDecay: weightDecay) : Adam(model.parameters(), lr: 1e-3)
        let history = try model.fit(
            small, epochs: epochs, batchSize: 50, optimizer: optimizer, loss: .crossEntropy,
            metrics: [.accuracy], validation: mnist.test, seed: 4, verbose: false)
        let train = model.evaluate(small), test = model.evaluate(mnist.test)
        let (trainAccuracy, testAccuracy) = (train["accuracy"] ?? 0, test["accuracy"] ?? 0)
        chart.add(name, y: history["val_loss"])
        print(
            "  \(name.padding(toLength: 27, withPad: " ", startingAt: 0)) \(pct(trainAccuracy))      \(pct(testAccuracy))      \(String(format: "%5.1f", 100 * (trainAccuracy - testAccuracy)))   \(String(format: "%8.3f", test["loss"] ?? .nan))"
        )
    }
    try chart.write(to: lesson.figureURL("regularization.png"))
}

func pct(_ value: Double) -> String { String(format: "%6.1f%%", 100 * value) }
