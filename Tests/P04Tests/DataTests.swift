import DeepLearning
import Foundation
import Testing
@testable import P04

@Suite struct SceneTests {
    @Test func sameSeedSameScene() {
        let renderer = SceneRenderer(textures: .procedural(split: .train), split: .train, width: 128, height: 64)
        let (a, b) = (renderer.render(seed: 5), renderer.render(seed: 5))
        #expect(a.pixels == b.pixels && a.labels == b.labels)
        #expect(renderer.render(seed: 6).labels != a.labels)
    }

    /// Every pixel gets one of the drawn classes; over a few scenes each class shows up,
    /// the sky sits above the road, and the held-out town draws other scenes.
    @Test func labelsCoverTheDrawnClasses() {
        let renderer = SceneRenderer(textures: .procedural(split: .train), split: .train, width: 256, height: 128)
        var seen = Set<Int>()
        let drawn = Set(SceneClass.allCases.map(\.rawValue))
        for seed in 0..<12 {
            let scene = renderer.render(seed: UInt64(seed))
            #expect(scene.labels.allSatisfy { drawn.contains(Int($0)) })
            seen.formUnion(scene.labels.map(Int.init))
            #expect(scene.labels.prefix(256 * 40).contains(UInt8(SceneClass.sky.rawValue)))
            #expect(scene.labels[(127) * 256 + 128] == UInt8(SceneClass.road.rawValue) || scene.labels[127 * 256 + 128] == UInt8(SceneClass.car.rawValue))
        }
        #expect(seen == drawn)
        let heldOut = SceneRenderer(textures: .procedural(split: .val), split: .val, width: 256, height: 128)
        #expect(heldOut.render(seed: 0).pixels != renderer.render(seed: 0).pixels)
    }
}

@Suite struct CityscapesFolderTests {
    /// Three tiny scenes written in the Cityscapes layout and read back: label ids become
    /// train ids, ids outside the 19 classes (0 unlabelled, 4 static, 34+) become 255.
    @Test func readsTheLayout() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let labelIds: [UInt8] = [7, 8, 0, 26, 4, 23, 24, 11]  // road, sidewalk, unlabelled, car, static, sky, person, building
        for (city, frame) in [("aachen", 0), ("aachen", 1), ("bremen", 0)] {
            let stem = String(format: "%@_%06d_%06d", city, 0, frame)
            let images = root.appendingPathComponent("leftImg8bit/val/\(city)"), labels = root.appendingPathComponent("gtFine/val/\(city)")
            try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: labels, withIntermediateDirectories: true)
            try PNGImage(width: 4, height: 2, channels: 3, pixels: (0..<24).map { UInt8($0 * 10 + frame) }).write(
                to: images.appendingPathComponent(stem + "_leftImg8bit.png"))
            try PNGImage(width: 4, height: 2, channels: 1, pixels: labelIds).write(to: labels.appendingPathComponent(stem + "_gtFine_labelIds.png"))
        }
        let split = try CityscapesFolder(root: root, split: "val")
        #expect(split.count == 3)
        #expect(split.pairs.map { $0.image.lastPathComponent }.first == "aachen_000000_000000_leftImg8bit.png")
        let scene = try split.load(1, height: 2, width: 4)
        let expectedIds: [UInt8] = [0, 1, 255, 13, 255, 10, 11, 2]
        #expect(scene.trainIds == expectedIds)
        let expectedRGB: [UInt8] = (0..<24).map { UInt8($0 * 10 + 1) }
        #expect(scene.rgb == expectedRGB)
        let half = try split.load(0, height: 1, width: 2)
        let averages: [UInt8] = [75, 85, 95, 135, 145, 155]  // 2×2 averages
        #expect(half.rgb == averages)
        #expect(throws: P04Error.self) { try CityscapesFolder(root: root, split: "train") }
    }

    @Test func aMissingLabelImageIsAnError() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let images = root.appendingPathComponent("leftImg8bit/train/x")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try PNGImage(width: 2, height: 2, channels: 3, pixels: [UInt8](repeating: 9, count: 12)).write(
            to: images.appendingPathComponent("x_000000_000000_leftImg8bit.png"))
        #expect(throws: P04Error.self) { try CityscapesFolder(root: root, split: "train") }
    }

    /// prepare's writer and the loader agree: a rendered scene survives the round trip.
    @Test func renderedScenesRoundTrip() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let renderer = SceneRenderer(textures: .procedural(split: .val), split: .val, width: 64, height: 32)
        #expect(try SyntheticTowns.render(renderer, count: 3, root: root, force: false) == 3)
        #expect(try SyntheticTowns.render(renderer, count: 3, root: root, force: false) == 0)
        let loaded = try CityscapesFolder(root: root, split: "val").load(2, height: 32, width: 64)
        let scene = renderer.render(seed: 2)
        #expect(loaded.rgb == scene.pixels && loaded.trainIds == scene.labels)
    }
}
