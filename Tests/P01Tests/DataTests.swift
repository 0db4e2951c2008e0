import DeepLearning
import Foundation
import Testing
@testable import P01

@Suite struct DataTests {
    static let sample = """
        images/cell0001.png  1.0                 mono
        images/cell0002.png  0.3333333333333333  poly
        images/cell0003.png  0.6666666666666666  poly
        images/cell0004.png  0.0                 mono
        """

    @Test func parsesTheWheelsLabelFile() throws {
        let cells = try ELPV.parseLabels(Self.sample)
        #expect(cells.map(\.grade) == [3, 1, 2, 0])
        #expect(cells.map(\.isDefective) == [true, false, true, false])
        #expect(cells.map(\.type) == [.mono, .poly, .poly, .mono])
        #expect(cells[0].path == "images/cell0001.png")
    }

    @Test func rejectsMalformedLabels() {
        for bad in ["images/a.png 0.5 mono", "images/a.png 1.0 cdte", "images/a.png x mono", "images/a.png 1.0", ""] {
            #expect(throws: P01Error.self) { try ELPV.parseLabels(bad) }
        }
    }

    /// Every stratum (grade × cell type) gives a quarter of its cells to the test split, the same ones for the same seed.
    @Test func splitIsStratifiedDisjointAndFixedBySeed() throws {
        var generator = Generator(seed: 1)
        let cells = (0..<1000).map { i in
            ELPVCell(path: "\(i)", probability: Double(generator.next() % 4) / 3, type: generator.next() % 3 == 0 ? .mono : .poly)
        }
        let (train, valid, test) = ELPV.splits(cells, seed: 7)
        #expect(Set(train + valid + test).count == cells.count && train.count + valid.count + test.count == cells.count)
        for grade in 0..<4 {
            for type in ELPVCell.CellType.allCases {
                let inStratum = { (i: Int) in cells[i].grade == grade && cells[i].type == type }
                let n = cells.indices.filter(inStratum).count
                #expect(abs(Double(test.filter(inStratum).count) - 0.25 * Double(n)) <= 0.5)
                #expect(abs(Double(valid.filter(inStratum).count) - 0.2 * Double(n - test.filter(inStratum).count)) <= 0.5)
            }
        }
        #expect(ELPV.splits(cells, seed: 7).test == test)
        #expect(ELPV.splits(cells, seed: 8).test != test)
    }

    /// The published split of the real data: sizes and class balance (Docs/P01.md).
    @Test(.enabled(if: P01Data.hasImages, "run `swift run P01 prepare` first"))
    func realSplitSizes() throws {
        let cells = try ELPV.parseLabels(String(contentsOf: P01Data.folder.appendingPathComponent("labels.csv"), encoding: .utf8))
        #expect(cells.count == 2624)
        #expect(cells.filter(\.isDefective).count == 821)
        let s = ELPV.splits(cells, seed: ELPV.splitSeed)
        #expect(s.train.count == 1574 && s.valid.count == 393 && s.test.count == 657)
        #expect(s.test.filter { cells[$0].isDefective }.count == 206)
        let image = try ELPV.loadImage(P01Data.folder.appendingPathComponent(cells[0].path).path, size: 300)
        #expect(image.count == 300 * 300 && image.allSatisfy { (0...1).contains($0) })
    }

    @Test func unreadableImagesThrow() throws {
        let folder = try temporaryFolder()
        let bad = folder.appendingPathComponent("bad.png")
        try Data("not a png".utf8).write(to: bad)
        #expect(throws: P01Error.self) { try ELPV.loadImage(bad.path, size: 64) }
        #expect(throws: P01Error.self) { try ELPV.loadImage(folder.appendingPathComponent("missing.png").path, size: 64) }
        let tiny = folder.appendingPathComponent("tiny.png")
        try PNGImage(width: 4, height: 4, channels: 1, pixels: [UInt8](repeating: 9, count: 16)).write(to: tiny)
        #expect(throws: P01Error.self) { try ELPV.loadImage(tiny.path, size: 64) }
    }

    /// The eight symmetries are distinct permutations; a quarter turn four times is the identity.
    @Test func dihedralAugmentationIsTheSquaresSymmetryGroup() {
        let size = 5
        let image = (0..<size * size).map(Float.init)
        let views = (0..<8).map { Augmentation.dihedral(image, size: size, $0) }
        #expect(Set(views.map { $0.map(Int.init) }).count == 8)
        for v in views { #expect(v.sorted() == image) }
        var turned = image
        for _ in 0..<4 { turned = Augmentation.dihedral(turned, size: size, 2) }
        #expect(turned == image)
        #expect(Augmentation.dihedral(image, size: size, 1)[0] == Float(size - 1))  // mirrored left-right
        let jittered = Augmentation.exposure([0, 0.5, 1], brightness: 1, contrast: 0.5)
        #expect(jittered == [0.25, 0.5, 0.75])
    }
}
