import DeepLearning

/// P01-E01 · Freezing, and what still trains. Docs/P01.md#p01-e01
///
/// The number of scalar weights the optimizer will change: the element count of every
/// parameter of `model` whose `requiresGrad` is true (a frozen layer's are false).
public func trainableParameterCount(_ model: Module) throws -> Int {
    // BEGIN SOLUTION
    return model.parameters().filter(\.requiresGrad).reduce(0) { $0 + $1.count }
    // END SOLUTION
}
