import Tensors
import Testing
import Workbook
@testable import Vision

@Suite struct AnchorTests {
    @Test func anchorGridsMatchTorchvision() throws {
        let f = try JSONFixture.load("anchors", from: .module)
        for g in f["generators"].array {
            let sizes = g["sizes"].array.map(\.doubles), ratios = g["aspect_ratios"].array.map(\.doubles)
            let generator = AnchorGenerator(sizes: sizes, aspectRatios: ratios)
            let grids = g["grids"].array.map { (height: $0[0].int, width: $0[1].int) }
            let image = g["image"].ints
            let anchors = generator.anchors(imageHeight: image[0], imageWidth: image[1], featureMapSizes: grids)
            #expect(anchors.shape == g["anchors"].shape)
            #expect(anchors.doubles == g["anchors"].doubles)
            let perLocation = zip(sizes, ratios).map { $0.count * $1.count }
            #expect(generator.anchorsPerLocation == perLocation)
        }
    }

    @Test func singleRatioListIsSharedByAllLevels() {
        let generator = AnchorGenerator(sizes: [[32], [64], [128]], aspectRatios: [[0.5, 1, 2]])
        #expect(generator.aspectRatios.count == 3)
        #expect(generator.cellAnchors(level: 2)[1] == Box(x1: -64, y1: -64, x2: 64, y2: 64))
    }

    @Test func boxCoderMatchesTorchvision() throws {
        let c = try JSONFixture.load("anchors", from: .module)["coder"]
        let coder = BoxCoder()
        let encoded = coder.encode(c["gt"].tensor(), anchors: c["proposals"].tensor())
        #expect(maxAbsDifference(encoded.doubles, c["encoded"].doubles) < 1e-12)
        let decoded = coder.decode(c["codes"].tensor(), anchors: c["proposals"].tensor())
        #expect(maxAbsDifference(decoded.doubles, c["decoded"].doubles) < 1e-9)
    }

    @Test func decodeUndoesEncodeAndPerClassCodesBroadcast() throws {
        let c = try JSONFixture.load("anchors", from: .module)["coder"]
        let coder = BoxCoder(weights: (1, 2, 3, 4))
        let (gt, anchors) = (c["gt"].tensor(), c["proposals"].tensor())
        let roundTrip = coder.decode(coder.encode(gt, anchors: anchors), anchors: anchors)
        #expect(maxAbsDifference(roundTrip.doubles, gt.doubles) < 1e-9)
        // Codes for 2 classes per anchor, [N, 2, 4], against anchors [N, 1, 4].
        let codes = stack([c["codes"].tensor(), c["codes"].tensor() * 0.5], axis: 1)
        let perClass = coder.decode(codes, anchors: anchors.unsqueeze(axis: 1))
        #expect(perClass.shape == [5, 2, 4])
        let second = coder.decode(c["codes"].tensor() * 0.5, anchors: anchors)
        #expect(maxAbsDifference(perClass.slice(axis: 1, start: 1, end: 2).doubles, second.doubles) < 1e-12)
    }

    @Test func decodeGradientMatchesFiniteDifferences() {
        let anchors = Tensor([0, 0, 10, 20, 5, 5, 25, 15], shape: [2, 4], dtype: .float64)
        let codes = Tensor([0.3, -0.2, 0.5, 1.0, -1.0, 0.4, -0.7, 0.2], shape: [2, 4], dtype: .float64)
        let weights = Tensor([1, 2, 3, 0.5, 3, -2, 1, 1.5], shape: [2, 4], dtype: .float64)
        let f = { (t: Tensor) in (BoxCoder().decode(t, anchors: anchors) * weights).sum() }
        #expect(gradientError(of: f, at: codes, h: 1e-4) < 1e-7)
    }
}
