import NN
import Tensors

/// An image classifier in two parts, for transfer learning: a `backbone` that turns
/// images [N, C, H, W] into feature vectors [N, F], and a `head` that turns features
/// into class scores [N, classes]; `model(x)` equals `head(backbone(x))`.
///
/// ```swift
/// let model = ResNet(.resnet18, numClasses: 2)
/// model.backbone.freeze()                          // feature extraction: only the head learns
/// let optimizer = Adam(model.head.parameters(), lr: 1e-3)
/// let features = noGrad { model.backbone(images) } // [N, 512] embeddings
/// ```
///
/// The parts are views over the model's own layers (a new `Sequential` each time you
/// ask, sharing the layers), so freezing or running them acts on the model itself.
public protocol ImageClassifier: Module {
    var backbone: Module { get }
    var head: Module { get }
}

extension Module {
    /// torchvision's initialisation of convolutions in its CNNs: weights He-normal
    /// with fan-out and ReLU gain (`kaiming_normal_(mode="fan_out", nonlinearity="relu")`),
    /// biases zero. Batch norm layers already start at weight 1, bias 0.
    public func initializeConvolutionsForReLU() {
        for case let conv as ConvolutionLayer in modules() {
            Init.kaimingNormal(conv.weight, mode: .fanOut, nonlinearity: .relu)
            if let bias = conv.bias { Init.zeros(bias) }
        }
    }
}

/// The input of the ImageNet classifiers (torchvision's evaluation transform, without
/// antialiasing): an RGB image [3, H, W] in [0, 1] gets its short side resized to
/// `resizeTo` (bilinear), its centre `crop`×`crop` cut out and each channel normalised
/// with ImageNet's mean and standard deviation.
///
/// ```swift
/// let x = imageNetInput(try PNGImage.read("cat.png").converted(channels: 3).tensor()).unsqueeze(axis: 0)
/// ```
public func imageNetInput(_ image: Tensor, resizeTo: Int = 256, crop: Int = 224) -> Tensor {
    let (h, w) = (image.shape[1], image.shape[2])
    let size = h <= w ? (resizeTo, Int(Double(resizeTo) * Double(w) / Double(h))) : (Int(Double(resizeTo) * Double(h) / Double(w)), resizeTo)
    let cropped = centerCrop(resize(image, height: size.0, width: size.1), height: crop, width: crop)
    return normalize(cropped, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
}
