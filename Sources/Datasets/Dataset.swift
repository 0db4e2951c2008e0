import Tensors

/// A collection of examples, each an input tensor and a target tensor
/// (`torch.utils.data.Dataset`). Targets are int64 class indices or float tensors.
public protocol Dataset {
    /// Number of examples.
    var count: Int { get }
    /// The `index`-th example.
    func example(_ index: Int) -> (input: Tensor, target: Tensor)
    /// The `index`-th example as seen in pass `epoch` over the data. Only datasets
    /// with random augmentation (``MappedDataset`` with a seed) differ between
    /// epochs; the default is `example(index)`. ``DataLoader`` calls this one.
    func example(_ index: Int, epoch: Int) -> (input: Tensor, target: Tensor)
}

extension Dataset {
    public func example(_ index: Int, epoch: Int) -> (input: Tensor, target: Tensor) { example(index) }
}

/// A dataset held as two tensors whose first dimension indexes examples
/// (`torch.utils.data.TensorDataset`).
public struct TensorDataset: Dataset {
    public let inputs: Tensor
    public let targets: Tensor

    public init(inputs: Tensor, targets: Tensor) {
        precondition(
            inputs.shape.first == targets.shape.first,
            "TensorDataset: inputs \(inputs.shape) and targets \(targets.shape) differ in their first dimension")
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.shape.first ?? 0 }
    public func example(_ index: Int) -> (input: Tensor, target: Tensor) { (inputs[index], targets[index]) }
}
