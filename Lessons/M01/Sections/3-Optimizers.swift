import DeepLearning
import Foundation
import Workbook

/// Section 3: one network, four optimizers, the same start.
func optimizers(_ lesson: LessonContext) throws {
    let digits = try Digits.load(flatten: true)
    let (train, test) = randomSplit(digits, [1500, digits.count - 1500], seed: 3).pair
    let epochs = 30, batchSize = 32
    let stepsPerEpoch = (train.count + batchSize - 1) / batchSize
    print("UCI digits: \(train.count) training and \(test.count) test images; MLP 64 → 64 → 10; \(epochs) epochs of batch \(batchSize).")

    let lrs = lesson.exercise("M01-E08") {
        try [0, 4, 9, 50, 150, 299].map { try cosineWithWarmup(step: $0, baseLR: 3e-3, warmupSteps: 10, totalSteps: 300, minLR: 1e-4) }
    }
    if let lrs {
        print("Cosine schedule with warmup (M01-E08) at steps 0, 4, 9, 50, 150, 299: \(fmt(lrs))")
    }

    let runs: [(String, (Module) -> Optimizer, LRScheduler.Type?)] = [
        ("SGD lr 0.05", { SGD($0.parameters(), lr: 0.05) }, nil),
        ("SGD + momentum 0.9", { SGD($0.parameters(), lr: 0.05, momentum: 0.9) }, nil),
        ("Adam lr 1e-3", { Adam($0.parameters(), lr: 1e-3) }, nil),
        ("Adam 3e-3 + warmup/cosine", { Adam($0.parameters(), lr: 3e-3) }, LambdaLR.self),
    ]
    let scheduled = lrs != nil  // the last run uses your schedule, so it needs M01-E08
    var chart = LineChart(
        title: Messages().text("Training loss by optimizer (UCI digits)", zh: "各优化器的训练损失(UCI 数字)"),
        xLabel: Messages().text("epoch", zh: "轮次"), yLabel: Messages().text("training loss", zh: "训练损失"), logY: true)
    print("  optimizer                    final training loss   test accuracy")
    for (name, makeOptimizer, schedule) in runs where schedule == nil || scheduled {
        Random.seed(3)
        let model = Sequential {
            Linear(64, 64); ReLU(); Linear(64, 10)
        }
        let optimizer = makeOptimizer(model)
        var callbacks: [Callback] = []
        if schedule != nil {
            let total = epochs * stepsPerEpoch
            let lambda = LambdaLR(optimizer) { step in
                (try? cosineWithWarmup(step: step, baseLR: 1, warmupSteps: 2 * stepsPerEpoch, totalSteps: total, minLR: 0.01)) ?? 1
            }
            callbacks.append(LRSchedulerCallback(lambda, interval: .batch))
        }
        let history = try model.fit(
            train, epochs: epochs, batchSize: batchSize, optimizer: optimizer, loss: .crossEntropy,
            callbacks: callbacks, seed: 3, verbose: false)
        let accuracy = model.evaluate(test)["accuracy"] ?? 0
        chart.add(name, y: history.loss)
        print(
            "  \(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%19.4f", history.loss.last ?? .nan))   \(String(format: "%12.1f%%", 100 * accuracy))"
        )
    }
    try chart.write(to: lesson.figureURL("optimizers.png"))
}

extension Array where Element == Subset {
    /// The two halves of a two-way split.
    var pair: (Subset, Subset) { (self[0], self[1]) }
}
