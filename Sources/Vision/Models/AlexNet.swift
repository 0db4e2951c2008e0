import NN
import Tensors

/// AlexNet (Krizhevsky et al., 2012), as torchvision builds it ("One weird trick"
/// variant): five convolutions, three max pools, an adaptive pool to 6×6 and three
/// linear layers with dropout. 61,100,840 parameters at 1000 classes; parameter names
/// match torchvision's (`features.0.weight`, `classifier.1.weight`, ...).
///
/// Inputs need at least 63×63 pixels; 224×224 is the standard.
public final class AlexNet: Module, ImageClassifier {
    public let features: Sequential
    public let avgpool = AdaptiveAvgPool2d(6)
    public var classifier: Module

    public init(numClasses: Int = 1000, inChannels: Int = 3, dropout: Double = 0.5) {
        features = Sequential {
            Conv2d(inChannels, 64, kernelSize: 11, stride: 4, padding: 2); ReLU(); MaxPool2d(3, stride: 2)
            Conv2d(64, 192, kernelSize: 5, padding: 2); ReLU(); MaxPool2d(3, stride: 2)
            Conv2d(192, 384, kernelSize: 3, padding: 1); ReLU()
            Conv2d(384, 256, kernelSize: 3, padding: 1); ReLU()
            Conv2d(256, 256, kernelSize: 3, padding: 1); ReLU(); MaxPool2d(3, stride: 2)
        }
        classifier = Sequential {
            Dropout(dropout); Linear(256 * 6 * 6, 4096); ReLU()
            Dropout(dropout); Linear(4096, 4096); ReLU()
            Linear(4096, numClasses)
        }
    }

    public override func forward(_ x: Tensor) -> Tensor { classifier(avgpool(features(x)).flatten(startDim: 1)) }

    /// Convolutions and pooling, flattened: [N, 9216].
    public var backbone: Module { Sequential([features, avgpool, Flatten()]) }
    public var head: Module { classifier }
}
