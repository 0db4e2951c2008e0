import NN
import Tensors

/// LeNet-5 (LeCun et al., 1998) in its modern form: ReLU and max pooling instead of
/// tanh and subsampling. For 28×28 images (MNIST); conv1's padding of 2 gives the
/// 32×32 field the original was designed for. 61,706 parameters for 1 channel, 10 classes.
///
///     [N, C, 28, 28] -conv5-> 6×28×28 -pool-> 6×14×14 -conv5-> 16×10×10 -pool-> 16×5×5
///                    -> 400 -> 120 -> 84 -> classes
///
/// ```swift
/// let model = LeNet5()
/// let logits = model(Tensor.randn([64, 1, 28, 28]))   // [64, 10]
/// ```
public final class LeNet5: Module, ImageClassifier {
    public let features: Sequential
    public var classifier: Module

    public init(numClasses: Int = 10, inChannels: Int = 1) {
        features = Sequential {
            Conv2d(inChannels, 6, kernelSize: 5, padding: 2); ReLU(); MaxPool2d(2)
            Conv2d(6, 16, kernelSize: 5); ReLU(); MaxPool2d(2)
        }
        classifier = Sequential {
            Linear(16 * 5 * 5, 120); ReLU()
            Linear(120, 84); ReLU()
            Linear(84, numClasses)
        }
    }

    public override func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank == 4 && x.shape[2] == 28 && x.shape[3] == 28, "LeNet5: expected input [N, C, 28, 28], got \(x.shape)")
        return classifier(features(x).flatten(startDim: 1))
    }

    /// Convolutions and pooling, flattened: [N, 400].
    public var backbone: Module { Sequential([features, Flatten()]) }
    public var head: Module { classifier }
}
