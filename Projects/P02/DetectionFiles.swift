import DeepLearning
import FileIO
import Foundation

// The two formats every detection tool reads:
//   YOLO txt    one file per image, one line per object: `class cx cy w h`, all
//               normalised by the image width and height
//   COCO JSON   one file per split: images, categories and annotations with
//               `bbox: [x, y, width, height]` in pixels

/// A labelled image on disk.
struct LabelledImage: Sendable {
    var path: URL
    var width: Int, height: Int
    var truth: GroundTruthBoxes
}

enum YOLOLabels {
    /// The lines of a YOLO label file for boxes in pixels on a width × height image.
    static func text(_ truth: GroundTruthBoxes, width: Int, height: Int) -> String {
        zip(truth.labels, truth.boxes).map { label, box in
            let v = [box.centerX / Double(width), box.centerY / Double(height), box.width / Double(width), box.height / Double(height)]
            return "\(label) " + v.map { String(format: "%.6f", $0) }.joined(separator: " ")
        }.joined(separator: "\n") + (truth.count > 0 ? "\n" : "")
    }

    /// Parses a YOLO label file into boxes in pixels; `source` names the file in errors.
    static func parse(_ text: String, width: Int, height: Int, classes: Int, source: String) throws -> GroundTruthBoxes {
        var truth = GroundTruthBoxes(labels: [], boxes: [])
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: " ").compactMap { Double($0) }
            guard fields.count == 5, fields[0] >= 0, Int(fields[0]) < classes, fields[0] == fields[0].rounded(),
                fields[1...].allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 })
            else {
                throw P02Error.badInput("\(source):\(number + 1): expected `class cx cy w h` with a class below \(classes) and values in [0, 1], got `\(line)`")
            }
            truth.labels.append(Int(fields[0]))
            truth.boxes.append(
                Box(
                    centerX: fields[1] * Double(width), centerY: fields[2] * Double(height),
                    width: fields[3] * Double(width), height: fields[4] * Double(height)))
        }
        return truth
    }
}

/// COCO JSON ground truth and results, the files pycocotools reads.
enum COCOFiles {
    struct Dataset: Codable {
        struct Image: Codable { var id: Int; var file_name: String; var width: Int; var height: Int }
        struct Category: Codable { var id: Int; var name: String }
        struct Annotation: Codable {
            var id: Int; var image_id: Int; var category_id: Int
            var bbox: [Double]; var area: Double; var iscrowd: Int
        }
        var images: [Image]
        var categories: [Category]
        var annotations: [Annotation]
    }

    /// One detection in COCO's results format.
    struct Result: Codable { var image_id: Int; var category_id: Int; var bbox: [Double]; var score: Double }

    /// A COCO data set for labelled images (image ids from 1, category id = class index).
    static func dataset(_ images: [LabelledImage], classNames: [String]) -> Dataset {
        var annotations: [Dataset.Annotation] = []
        for (i, image) in images.enumerated() {
            for (label, box) in zip(image.truth.labels, image.truth.boxes) {
                annotations.append(
                    .init(
                        id: annotations.count + 1, image_id: i + 1, category_id: label,
                        bbox: box.values(.xywh), area: box.area, iscrowd: 0))
            }
        }
        return Dataset(
            images: images.enumerated().map { .init(id: $0 + 1, file_name: $1.path.lastPathComponent, width: $1.width, height: $1.height) },
            categories: classNames.enumerated().map { .init(id: $0, name: $1) },
            annotations: annotations)
    }

    static func write<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(value), to: url)
    }

    static func read(_ url: URL) throws -> Dataset {
        guard let data = try? Data(contentsOf: url) else { throw P02Error.missing(url.path, fix: "swift run P02 prepare") }
        do { return try JSONDecoder().decode(Dataset.self, from: data) } catch {
            throw P02Error.badInput("\(url.path) is not COCO JSON: \(error)")
        }
    }

    /// Ground truth for the library's COCO evaluator: image index = position in `images`.
    static func groundTruths(_ dataset: Dataset) -> [GroundTruth] {
        let index = Dictionary(uniqueKeysWithValues: dataset.images.enumerated().map { ($1.id, $0) })
        return dataset.annotations.compactMap { a in
            guard let image = index[a.image_id], a.bbox.count == 4 else { return nil }
            return GroundTruth(image: image, label: a.category_id, box: Box(a.bbox, format: .xywh))
        }
    }
}
