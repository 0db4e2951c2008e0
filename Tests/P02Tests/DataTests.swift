import DeepLearning
import Foundation
import Testing
@testable import P02

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("P02Tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct DataTests {
    @Test func scenesHaveBoxesInsideTheImageAcrossSizes() throws {
        let generator = SceneGenerator(size: 128, backgrounds: proceduralBackgrounds(count: 2, size: 160, seed: 3))
        var rng = Generator(seed: 5)
        var sides: [Double] = []
        for _ in 0..<40 {
            let scene = generator.scene(using: &rng)
            #expect(scene.image.shape == [3, 128, 128])
            #expect(scene.labels.count == scene.boxes.count)
            for box in scene.boxes {
                #expect(box.x1 >= 0 && box.y1 >= 0 && box.x2 <= 128 && box.y2 <= 128 && box.width >= 4 && box.height >= 4)
                sides.append(max(box.width, box.height))
            }
        }
        #expect(sides.count > 80)
        #expect(sides.min()! < 12 && sides.max()! > 40, "sizes \(sides.min()!)...\(sides.max()!)")
        #expect(Set(ShapeClass.allCases.map(\.rawValue)).count == 6)
    }

    @Test func yoloLabelsRoundTripAndRefuseBadLines() throws {
        let truth = GroundTruthBoxes(labels: [2, 0], boxes: [Box(x1: 10, y1: 20, x2: 50, y2: 40), Box(x1: 0, y1: 0, x2: 320, y2: 240)])
        let text = YOLOLabels.text(truth, width: 320, height: 240)
        #expect(text.hasPrefix("2 0.093750 0.125000 0.125000 0.083333\n"))
        let back = try YOLOLabels.parse(text, width: 320, height: 240, classes: 6, source: "t.txt")
        #expect(back.labels == [2, 0])
        for (a, b) in zip(back.boxes, truth.boxes) { #expect(zip(a.values(), b.values()).allSatisfy { abs($0 - $1) < 1e-3 }) }
        #expect(throws: P02Error.self) { try YOLOLabels.parse("7 0.5 0.5 0.1 0.1", width: 10, height: 10, classes: 6, source: "t.txt") }
        #expect(throws: P02Error.self) { try YOLOLabels.parse("1 0.5 0.5", width: 10, height: 10, classes: 6, source: "t.txt") }
    }

    @Test func generatedSetIsWrittenAsYOLOAndCOCO() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = ShapesDataset(folder: folder)
        let generator = SceneGenerator(size: 64, backgrounds: proceduralBackgrounds(count: 1, size: 64, seed: 1))
        try set.generate(generator, counts: [("train", 3, 1), ("test", 2, 2)])
        #expect(set.isComplete(counts: ["train": 3, "test": 2]))
        let items = try set.split("train")
        #expect(items.count == 3)
        let coco = try COCOFiles.read(set.cocoURL("train"))
        #expect(coco.annotations.count == items.map(\.truth.count).reduce(0, +))
        #expect(COCOFiles.groundTruths(coco).map(\.label) == items.flatMap(\.truth.labels))
        #expect(try loadImage(items[0].path).shape == [3, 64, 64])
    }
}
