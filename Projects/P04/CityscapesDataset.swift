import DeepLearning
import Foundation

/// Street scenes in the Cityscapes folder layout, the layout of the real data set:
///
///     <root>/leftImg8bit/<split>/<city>/<city>_<seq>_<frame>_leftImg8bit.png      RGB photo
///     <root>/gtFine/<split>/<city>/<city>_<seq>_<frame>_gtFine_labelIds.png       label id per pixel
///
/// `P04 prepare` renders its scenes into this layout; a user with the real data set
/// points `--data` at its folder and trains with the same command.
struct CityscapesFolder {
    let root: URL
    let split: String
    /// (image, label) file pairs, sorted by name.
    let pairs: [(image: URL, labels: URL)]

    static let imageSuffix = "_leftImg8bit.png", labelSuffix = "_gtFine_labelIds.png"

    init(root: URL, split: String) throws {
        self.root = root
        self.split = split
        let images = root.appendingPathComponent("leftImg8bit/\(split)")
        let fm = FileManager.default
        guard let cities = try? fm.contentsOfDirectory(atPath: images.path).sorted(), !cities.isEmpty else {
            throw P04Error.missingData(images.path)
        }
        var pairs: [(URL, URL)] = []
        for city in cities {
            let folder = images.appendingPathComponent(city)
            let names = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(Self.imageSuffix) }.sorted()
            for name in names {
                let stem = name.dropLast(Self.imageSuffix.count)
                let labels = root.appendingPathComponent("gtFine/\(split)/\(city)/\(stem)\(Self.labelSuffix)")
                guard fm.fileExists(atPath: labels.path) else { throw P04Error.badInput("\(name) has no label image \(labels.path)") }
                pairs.append((folder.appendingPathComponent(name), labels))
            }
        }
        guard !pairs.isEmpty else { throw P04Error.badInput("no *\(Self.imageSuffix) images under \(images.path)") }
        self.pairs = pairs
    }

    var count: Int { pairs.count }

    /// Scene `index` resized to height × width: RGB bytes (area averaging) and train ids
    /// (nearest label; label ids outside the 19 classes become 255).
    func load(_ index: Int, height: Int, width: Int) throws -> LabelledImage {
        let (imageURL, labelURL) = pairs[index]
        let image = try PNGImage.read(imageURL)
        let labels = try PNGImage.read(labelURL)
        guard image.channels >= 3 else { throw P04Error.badInput("\(imageURL.path): \(image.channels) channels, expected RGB") }
        guard labels.channels == 1 else { throw P04Error.badInput("\(labelURL.path): \(labels.channels) channels, expected one label id per pixel") }
        guard (labels.width, labels.height) == (image.width, image.height) else {
            throw P04Error.badInput("\(labelURL.path) is \(labels.width)×\(labels.height), its image \(image.width)×\(image.height)")
        }
        let rgb = Resize.area(image.converted(channels: 3).pixels, width: image.width, height: image.height, channels: 3, toWidth: width, toHeight: height)
        let ids = Resize.nearest(labels.pixels, width: labels.width, height: labels.height, toWidth: width, toHeight: height)
        return LabelledImage(width: width, height: height, rgb: rgb, trainIds: ids.map { Cityscapes.trainIdOfLabelId[Int($0)] })
    }

    /// Every scene of the split (or the first `limit`), resized.
    func loadAll(height: Int, width: Int, limit: Int? = nil) throws -> [LabelledImage] {
        try (0..<min(count, limit ?? count)).map { try load($0, height: height, width: width) }
    }

    /// Writes one scene in the layout: the RGB image and its label ids, atomically.
    static func write(_ scene: Scene, root: URL, split: String, city: String, frame: Int) throws {
        let stem = String(format: "%@_%06d_%06d", city, 0, frame)
        let images = root.appendingPathComponent("leftImg8bit/\(split)/\(city)")
        let labels = root.appendingPathComponent("gtFine/\(split)/\(city)")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: labels, withIntermediateDirectories: true)
        try PNGImage(width: scene.width, height: scene.height, channels: 3, pixels: scene.pixels)
            .write(to: images.appendingPathComponent(stem + imageSuffix))
        try PNGImage(width: scene.width, height: scene.height, channels: 1, pixels: scene.labels.map { Cityscapes.labelId(ofTrainId: Int($0)) })
            .write(to: labels.appendingPathComponent(stem + labelSuffix))
    }
}

/// One image with its train ids, kept as bytes (a float copy is made per batch).
struct LabelledImage {
    let width: Int, height: Int
    /// Interleaved RGB.
    let rgb: [UInt8]
    let trainIds: [UInt8]
}

enum Resize {
    /// Downscaling by averaging each target pixel's source rectangle (upscaling repeats pixels).
    static func area(_ pixels: [UInt8], width: Int, height: Int, channels: Int, toWidth: Int, toHeight: Int) -> [UInt8] {
        if (width, height) == (toWidth, toHeight) { return pixels }
        var out = [UInt8](repeating: 0, count: toWidth * toHeight * channels)
        for ty in 0..<toHeight {
            let y0 = ty * height / toHeight, y1 = max(y0 + 1, (ty + 1) * height / toHeight)
            for tx in 0..<toWidth {
                let x0 = tx * width / toWidth, x1 = max(x0 + 1, (tx + 1) * width / toWidth)
                for c in 0..<channels {
                    var sum = 0
                    for y in y0..<y1 { for x in x0..<x1 { sum += Int(pixels[(y * width + x) * channels + c]) } }
                    out[(ty * toWidth + tx) * channels + c] = UInt8((sum + (y1 - y0) * (x1 - x0) / 2) / ((y1 - y0) * (x1 - x0)))
                }
            }
        }
        return out
    }

    /// The source pixel under each target pixel's centre (labels must not be averaged).
    static func nearest(_ pixels: [UInt8], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [UInt8] {
        if (width, height) == (toWidth, toHeight) { return pixels }
        var out = [UInt8](repeating: 0, count: toWidth * toHeight)
        for ty in 0..<toHeight {
            let y = min(height - 1, Int((Double(ty) + 0.5) * Double(height) / Double(toHeight)))
            for tx in 0..<toWidth {
                out[ty * toWidth + tx] = pixels[y * width + min(width - 1, Int((Double(tx) + 0.5) * Double(width) / Double(toWidth)))]
            }
        }
        return out
    }
}
