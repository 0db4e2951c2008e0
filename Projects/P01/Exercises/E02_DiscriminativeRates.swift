/// P01-E02 · Discriminative learning rates. Docs/P01.md#p01-e02
///
/// The learning rate of each of `groups` parameter groups, the head first and then the
/// blocks from the top of the backbone down: the head learns at `base`, each group below
/// `decay` times slower than the one above it: lr_i = base · decayⁱ.
public func discriminativeLearningRates(base: Double, decay: Double, groups: Int) throws -> [Double] {
    precondition(groups >= 0 && base > 0 && decay > 0, "discriminativeLearningRates: needs groups ≥ 0, base > 0, decay > 0")
    // BEGIN SOLUTION
    var rates: [Double] = []
    var lr = base
    for _ in 0..<groups {
        rates.append(lr)
        lr *= decay
    }
    return rates
    // END SOLUTION
}
