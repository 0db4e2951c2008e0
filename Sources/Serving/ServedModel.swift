import ImageFiles
import NN
import Tensors
import Vision

/// A model as the server runs it: the shape of one input, a function from a batch of
/// inputs to a batch of outputs, and optionally how to turn an uploaded image into
/// one input. Any `Module` fits, or any closure from `Tensor` to `Tensor`:
///
/// ```swift
/// let served = ServedModel.imageClassifier("resnet18", ResNet(.resnet18))
/// let custom = ServedModel(name: "mlp", inputShape: [784]) { batch in noGrad { mlp(batch) } }
/// ```
/// The server calls `predict` from one thread at a time, never concurrently.
public struct ServedModel: @unchecked Sendable {
    public let name: String
    /// One input, without the batch axis: `[3, 224, 224]` for an ImageNet classifier.
    public let inputShape: [Int]
    /// Whether the outputs are class scores; responses then list the most likely classes.
    public let isClassifier: Bool
    /// Turns a decoded image into one input of `inputShape`, or throws a `ServingError`;
    /// nil when the model takes no images.
    public let imageInput: ((PNGImage) throws -> Tensor)?
    /// A batch `[N] + inputShape` to outputs `[N, ...]`.
    public let predict: (Tensor) -> Tensor

    public init(
        name: String, inputShape: [Int], isClassifier: Bool = false,
        imageInput: ((PNGImage) throws -> Tensor)? = nil, predict: @escaping (Tensor) -> Tensor
    ) {
        precondition(!inputShape.isEmpty && inputShape.allSatisfy { $0 > 0 }, "ServedModel: input shape \(inputShape) must be non-empty and positive")
        (self.name, self.inputShape, self.isClassifier, self.imageInput, self.predict) = (name, inputShape, isClassifier, imageInput, predict)
    }

    /// An ImageNet-style classifier: images go through `imageNetInput` (short side to
    /// `resizeTo`, centre crop `crop`×`crop`, ImageNet normalisation); the module runs
    /// in evaluation mode without recording gradients.
    public static func imageClassifier(_ name: String, _ module: Module, resizeTo: Int = 256, crop: Int = 224) -> ServedModel {
        module.eval()
        return ServedModel(
            name: name, inputShape: [3, crop, crop], isClassifier: true,
            imageInput: { try imageNetImage($0, resizeTo: resizeTo, crop: crop) },
            predict: { batch in noGrad { module(batch) } })
    }
}

/// The longest side an image may have relative to its shortest: resizing the short side
/// to 256 must not produce a strip of millions of pixels.
let maxAspectRatio = 16

/// An RGB(A) or grey image as ImageNet input [3, crop, crop].
func imageNetImage(_ image: PNGImage, resizeTo: Int, crop: Int) throws -> Tensor {
    let (short, long) = (min(image.width, image.height), max(image.width, image.height))
    guard long <= short * maxAspectRatio else {
        throw ServingError(
            .unprocessableContent, "bad_aspect_ratio",
            "a \(image.width)x\(image.height) image is more than \(maxAspectRatio) times longer than wide")
    }
    return imageNetInput(image.converted(channels: 3).tensor(), resizeTo: resizeTo, crop: crop)
}
