import DeepLearning
import FileIO
import Foundation
@testable import P01

/// The ELPV images unpacked by `P01 prepare` and the ImageNet weights fetched by
/// scripts/fetch-weights.sh. In CI they must be there (a missing file fails the test);
/// elsewhere the tests that need them are skipped until those have run.
enum P01Data {
    static var folder: URL { courseCacheFolder.appendingPathComponent("P01/elpv") }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }
    static var hasImages: Bool { isCI || FileManager.default.fileExists(atPath: folder.appendingPathComponent("labels.csv").path) }
    static var hasWeights: Bool { isCI || FileManager.default.fileExists(atPath: imageNetWeightsURL.path) }
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("P01Tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Synthetic cells for fast pipeline tests: grey noise with busbars; a defective one has a dark crack.
func syntheticCells(_ n: Int, size: Int, seed: UInt64) -> CellImages {
    var generator = Generator(seed: seed)
    var pixels: [[Float]] = [], cells: [ELPVCell] = []
    for i in 0..<n {
        let defective = i % 3 == 0
        var image = (0..<size * size).map { _ in Float(0.5 + 0.2 * generator.uniform()) }
        for r in 0..<size where r % (size / 3) == size / 6 { for c in 0..<size { image[r * size + c] = 0.9 } }
        if defective {
            let (r0, c0) = (Int(generator.next() % UInt64(size / 2)), Int(generator.next() % UInt64(size / 2)))
            for t in 0..<size / 2 { image[(r0 + t) * size + c0 + t / 2] = 0.05 }
        }
        pixels.append(image)
        cells.append(ELPVCell(path: "synthetic\(i).png", probability: defective ? 1 : 0, type: i % 2 == 0 ? .mono : .poly))
    }
    return CellImages(size: size, pixels: pixels, cells: cells)
}
