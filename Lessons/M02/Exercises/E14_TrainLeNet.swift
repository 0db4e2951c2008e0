import DeepLearning

/// M02-E14 · Train LeNet-5 on MNIST to at least 96% held-out accuracy. Docs/M02.md#m02-e14
///
/// `train` holds 4,000 images [1, 28, 28] in [0, 1] with their labels. Seed the generator
/// with `seed`, build `LeNet5()` (or any CNN of the library), train it and return it. The tests
/// evaluate it on the 1,000 held-out images under a time limit: keep training under about
/// 40 seconds.
public func trainLeNet(train: Dataset, seed: UInt64) throws -> Module {
    // BEGIN SOLUTION
    Random.seed(seed)
    let model = LeNet5()
    let optimizer = Adam(model.parameters(), lr: 2e-3)
    let schedule = LRSchedulerCallback(CosineAnnealingLR(optimizer, tMax: 8), interval: .epoch)
    try model.fit(train, epochs: 8, batchSize: 32, optimizer: optimizer, loss: .crossEntropy, callbacks: [schedule], seed: seed, verbose: false)
    return model
    // END SOLUTION
}
