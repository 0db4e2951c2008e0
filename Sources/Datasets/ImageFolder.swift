import FileIO
import Foundation
import Tensors

/// Images sorted into one subfolder per class (torchvision's `ImageFolder`):
///
///     root/cat/001.png
///     root/dog/xyz.png
///
/// Classes are the subfolder names in alphabetical order; the label of an image
/// is its class's position in `classes`. Every PNG file is read up front (so a
/// bad file throws here, not in the middle of training); all images must have
/// the same size. Inputs are float32 [channels, height, width] in [0, 1].
///
/// ```swift
/// let data = try ImageFolder(directory: "data/parts", channels: 1)
/// print(data.classes, data.count)
/// ```
public struct ImageFolder: Dataset {
    public let classes: [String]
    /// The path of every image, in example order.
    public let files: [String]
    public let images: TensorDataset

    /// - Parameter channels: convert every image to 1 (grey), 3 (RGB) or 4 (RGBA)
    ///   channels; `nil` keeps them as stored, which then must agree.
    public init(directory url: URL, channels: Int? = nil) throws {
        let directory = url.path
        let classes = try Files.list(directory).filter { Files.isDirectory(Files.join(directory, $0)) }
        guard !classes.isEmpty else { throw DatasetError.empty(path: directory, reason: "no class subfolders found") }
        var files = [String](), labels = [Int](), pixels = [Float]()
        var first: (path: String, shape: [Int])?
        for (label, name) in classes.enumerated() {
            let folder = Files.join(directory, name)
            for file in try Files.list(folder) where file.lowercased().hasSuffix(".png") {
                let path = Files.join(folder, file)
                var image = try PNGImage.read(URL(fileURLWithPath: path))
                if let channels { image = image.converted(channels: channels) }
                let x = image.tensor()
                if let first, first.shape != x.shape {
                    throw DatasetError.shapeMismatch(path: path, detail: "image is \(x.shape) [C, H, W], \(first.path) is \(first.shape)")
                }
                first = first ?? (path, x.shape)
                files.append(path)
                labels.append(label)
                pixels += x.scalars
            }
        }
        guard let shape = first?.shape else { throw DatasetError.empty(path: directory, reason: "no .png images in the class subfolders") }
        self.classes = classes
        self.files = files
        self.images = TensorDataset(inputs: Tensor(pixels, shape: [files.count] + shape), targets: Tensor(ints: labels))
    }

    public var count: Int { images.count }
    public func example(_ index: Int) -> (input: Tensor, target: Tensor) { images.example(index) }
}
