import DeepLearning

/// Several optimizers driven as one, each at its own fraction of the learning rate: the
/// pretrained backbone learns at `scale` 0.1 while the new head learns at 1. A learning
/// rate schedule sets `lr` once and every group follows.
final class GroupedOptimizer: Optimizer {
    let groups: [(optimizer: Optimizer, scale: Double)]

    init(_ groups: [(optimizer: Optimizer, scale: Double)], lr: Double) {
        self.groups = groups
        self.lr = lr
    }

    var lr: Double {
        didSet { for g in groups { g.optimizer.lr = lr * g.scale } }
    }

    var parameters: [Tensor] {
        get { groups.flatMap { $0.optimizer.parameters } }
        set { preconditionFailure("GroupedOptimizer: set each group's parameters") }
    }

    func step() { for g in groups { g.optimizer.step() } }

    func stateDict() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (i, g) in groups.enumerated() { for (k, v) in g.optimizer.stateDict() { out["group\(i).\(k)"] = v } }
        return out
    }

    func loadStateDict(_ state: [String: Tensor]) throws {
        for (i, g) in groups.enumerated() {
            let prefix = "group\(i)."
            try g.optimizer.loadStateDict(
                Dictionary(uniqueKeysWithValues: state.filter { $0.key.hasPrefix(prefix) }.map { (String($0.key.dropFirst(prefix.count)), $0.value) }))
        }
    }
}
