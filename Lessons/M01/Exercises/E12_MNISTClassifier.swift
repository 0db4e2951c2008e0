import DeepLearning

/// M01-E12 · Train an MLP on MNIST to at least 92% held-out accuracy. Docs/M01.md#m01-e12
///
/// `train` holds 4,000 flattened images ([N, 784] in [0, 1]) with their labels.
/// Build a model with the library (`Sequential`, `Linear`, activations ...), seed
/// the generator with `seed`, train it in either style, and return it. The
/// tests evaluate it on the 1,000 held-out images; they also time-limit it, so
/// keep training under about a minute.
public func trainMNISTClassifier(train: Dataset, seed: UInt64) throws -> Module {
    // BEGIN SOLUTION
    Random.seed(seed)
    let model = Sequential {
        Linear(784, 256); ReLU(); Linear(256, 128); ReLU(); Linear(128, 10)
    }
    try model.fit(train, epochs: 8, batchSize: 64, optimizer: Adam(lr: 1e-3), loss: .crossEntropy, seed: seed, verbose: false)
    return model
    // END SOLUTION
}
