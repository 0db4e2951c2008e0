import DeepLearning

/// M02-E13 · Prepare a pre-trained LeNet for a new task. Docs/M02.md#m02-e13
///
/// Transfer learning with a frozen feature extractor: freeze every parameter of
/// `model.features` (the convolutions), replace the classifier's last layer
/// (`Linear(84, …)`, its element 4) with a fresh `Linear(84, numClasses)` — keep the
/// classifier's other layers and their trained weights — and return an `Adam` optimizer
/// with learning rate `lr` over the trainable parameters only.
public func prepareForFineTuning(_ model: LeNet5, numClasses: Int, lr: Double = 1e-3) throws -> Optimizer {
    // BEGIN SOLUTION
    model.features.freeze()
    let old = model.classifier as! Sequential
    model.classifier = Sequential(Array(old.layers.dropLast()) + [Linear(84, numClasses)])
    return Adam(model.parameters().filter(\.requiresGrad), lr: lr)
    // END SOLUTION
}
