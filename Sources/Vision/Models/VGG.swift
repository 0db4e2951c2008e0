import NN
import Tensors

/// VGG (Simonyan & Zisserman, 2014), as torchvision builds it: stacks of 3×3
/// convolutions (optionally each followed by batch norm) separated by max pools,
/// an adaptive pool to 7×7 and three linear layers with dropout. Parameter names
/// match torchvision's (`features.0.weight`, `classifier.6.bias`, ...).
///
/// ```swift
/// let vgg16 = VGG(.vgg16, batchNorm: true)           // 138,365,992 parameters
/// let small = VGG(.vgg11, numClasses: 10)             // any input of at least 32×32
/// ```
///
/// Convolutions start as torchvision's (He-normal with fan-out, biases zero). The
/// linear layers keep PyTorch's default U(±1/√in) rather than torchvision's N(0, 0.01):
/// drawing 120 million normal samples takes seconds, and either trains.
public final class VGG: Module, ImageClassifier {
    /// The convolutional part: output channels of each 3×3 convolution, and the pools.
    public struct Configuration: Sendable {
        public enum Layer: Sendable { case conv(Int), maxPool }
        public let layers: [Layer]
        public init(_ layers: [Layer]) { self.layers = layers }

        /// Configuration "A" of the paper.
        public static let vgg11 = Configuration(stages([[64], [128], [256, 256], [512, 512], [512, 512]]))
        /// Configuration "B".
        public static let vgg13 = Configuration(stages([[64, 64], [128, 128], [256, 256], [512, 512], [512, 512]]))
        /// Configuration "D".
        public static let vgg16 = Configuration(stages([[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]))
        /// Configuration "E".
        public static let vgg19 = Configuration(stages([[64, 64], [128, 128], [256, 256, 256, 256], [512, 512, 512, 512], [512, 512, 512, 512]]))

        /// Convolutions of each stage, each stage closed by a max pool.
        static func stages(_ channels: [[Int]]) -> [Layer] {
            channels.flatMap { $0.map(Layer.conv) + [.maxPool] }
        }
    }

    public let features: Sequential
    public let avgpool = AdaptiveAvgPool2d(7)
    public var classifier: Module

    public init(_ configuration: Configuration, batchNorm: Bool = false, numClasses: Int = 1000, inChannels: Int = 3, dropout: Double = 0.5) {
        var layers: [Module] = []
        var channels = inChannels
        for layer in configuration.layers {
            switch layer {
            case .maxPool:
                layers.append(MaxPool2d(2))
            case .conv(let out):
                layers.append(Conv2d(channels, out, kernelSize: 3, padding: 1))
                if batchNorm { layers.append(BatchNorm2d(out)) }
                layers.append(ReLU())
                channels = out
            }
        }
        features = Sequential(layers)
        classifier = Sequential {
            Linear(channels * 7 * 7, 4096); ReLU(); Dropout(dropout)
            Linear(4096, 4096); ReLU(); Dropout(dropout)
            Linear(4096, numClasses)
        }
        super.init()
        initializeConvolutionsForReLU()
    }

    public override func forward(_ x: Tensor) -> Tensor { classifier(avgpool(features(x)).flatten(startDim: 1)) }

    /// Convolutions and pooling, flattened: [N, 512·7·7].
    public var backbone: Module { Sequential([features, avgpool, Flatten()]) }
    public var head: Module { classifier }
}
