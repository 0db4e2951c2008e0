import DeepLearning
import Foundation
import Workbook
@testable import P04

/// The reference values written by scripts/p04_fixtures.py (PyTorch and numpy).
func p04Fixture() throws -> ReferenceFixture { try ReferenceFixture.load("p04", from: Bundle.module) }

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("P04Tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Rendered scenes with noise textures (no download), resized like the loader does.
func renderedScenes(_ split: SceneSplit, count: Int, height: Int, width: Int, first: Int = 0) -> [LabelledImage] {
    let renderer = SceneRenderer(textures: TextureSet.procedural(split: split), split: split, width: 2 * width, height: 2 * height)
    return (first..<(first + count)).map { i in
        let s = renderer.render(seed: UInt64(i))
        return LabelledImage(
            width: width, height: height,
            rgb: Resize.area(s.pixels, width: s.width, height: s.height, channels: 3, toWidth: width, toHeight: height),
            trainIds: Resize.nearest(s.labels, width: s.width, height: s.height, toWidth: width, toHeight: height))
    }
}

/// Whether the ImageNet weights are here (in CI they must be: scripts/fetch-weights.sh runs first).
var hasImageNetWeights: Bool {
    ProcessInfo.processInfo.environment["CI"] != nil || FileManager.default.fileExists(atPath: imageNetWeightsURL.path)
}
