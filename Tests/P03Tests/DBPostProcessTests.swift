import DeepLearning
import Foundation
import Testing
import Workbook
@testable import P03

/// DB post-processing against rapidocr's on the same 8-bit probability map (PP-OCRv4's map of
/// scikit-image's page.png, stored by scripts/p03_fixtures.py).
@Suite struct DBPostProcessTests {
    @Test func boxesMatchRapidOCRWithinTwoPixels() throws {
        let expected = try JSONFixture.load("db_boxes.json", from: .module)
        let png = try PNGImage.read(Fixtures.url("db_map.png", in: .module))
        let map = png.pixels.map { Float($0) / 255 }
        let boxes = try DBPostProcessor().boxes(
            probability: map, mapWidth: png.width, mapHeight: png.height,
            imageWidth: expected["image_width"].int, imageHeight: expected["image_height"].int)
        let reference = expected["sorted_boxes"].array.map(points)
        #expect(reference.count >= 3, "the page has several lines")
        try #require(boxes.count == reference.count, "\(boxes.count) boxes, rapidocr \(reference.count)")
        for (ours, theirs) in zip(boxes, reference) {
            let error = zip(ours.corners, theirs).map { distance($0, $1) }.max()!
            #expect(error <= 2, "corners \(ours.corners) against \(theirs)")
        }
    }

    @Test func anEmptyMapHasNoBoxes() throws {
        let boxes = try DBPostProcessor().boxes(
            probability: [Float](repeating: 0.1, count: 64 * 32), mapWidth: 64, mapHeight: 32, imageWidth: 64, imageHeight: 32)
        #expect(boxes.isEmpty)
    }

    /// A bright rotated bar in a synthetic map gives one box around it, grown by the unclip distance.
    @Test func aRotatedBarGivesOneGrownBox() throws {
        let (w, h) = (96, 64)
        var map = [Float](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w where abs(Double(y - 32) - 0.2 * Double(x - 48)) < 4 && abs(x - 48) < 30 { map[y * w + x] = 0.9 } }
        let boxes = try DBPostProcessor().boxes(probability: map, mapWidth: w, mapHeight: h, imageWidth: w, imageHeight: h)
        try #require(boxes.count == 1)
        let box = boxes[0]
        #expect(box.score > 0.8)
        let width = distance(box.corners[0], box.corners[1]), height = distance(box.corners[0], box.corners[3])
        #expect(width > 60 && width < 75, "width \(width)")
        #expect(height > 11 && height < 20, "height \(height)")
    }
}

/// Image pieces the pipeline shares with OpenCV.
@Suite struct ImageTests {
    @Test func resizeKeepsAConstantImageAndHalvesAStripe() {
        var pixels: [UInt8] = []
        for i in 0..<8 { pixels += [UInt8(i % 4 * 60), 10, 200] }
        let image = BGRImage(width: 4, height: 2, pixels: pixels)
        let half = image.resized(width: 2, height: 1)
        // cv2.resize(..., (2, 1)): sources at x = 0.5 and 2.5 -> (0+60)/2 and (120+180)/2.
        #expect(half.pixels == [30, 10, 200, 150, 10, 200])
    }

    @Test func rotationTurnsCounterClockwise() {
        let image = BGRImage(width: 2, height: 1, pixels: [1, 1, 1, 2, 2, 2])
        #expect(image.rotatedCounterClockwise().pixels == [2, 2, 2, 1, 1, 1])
    }

    @Test func axisAlignedCropCopiesThePixels() {
        var pixels: [UInt8] = []
        for i in 0..<200 { pixels += [UInt8(i % 20 * 10), UInt8(i / 20 * 20), 7] }
        let image = BGRImage(width: 20, height: 10, pixels: pixels)
        let crop = perspectiveCrop(image, corners: [Point(4, 2), Point(12, 2), Point(12, 6), Point(4, 6)])
        #expect(crop.width == 8 && crop.height == 4)
        #expect(Array(crop.pixels.prefix(6)) == [40, 40, 7, 50, 40, 7])
    }

    @Test func detectorInputRoundsSidesToMultiplesOf32() {
        #expect(TextDetector.inputSize(width: 384, height: 191, scaling: .keep) == (384, 192))
        #expect(TextDetector.inputSize(width: 448, height: 80, scaling: .keep) == (448, 64))  // 2.5 rounds to even
        // rapidocr's default: 191 -> 736, 384 · 736/191 = 1479.7 -> 1479 -> 46.2 · 32.
        #expect(TextDetector.inputSize(width: 384, height: 191, scaling: .shorterSideAtLeast(736)) == (1472, 736))
    }
}

/// The whole pipeline against rapidocr on scikit-image's page (needs `P03 prepare`; about 20 s).
@Suite(.serialized, .enabled(if: P03Data.hasModels, "needs `swift run P03 prepare`"))
struct PipelineTests {
    @Test func recognizerHasThePaddleCharacterList() throws {
        let recognizer = try TextRecognizer(model: PaddleModels.folder.appendingPathComponent(PaddleModels.recognizer))
        let reference = try JSONFixture.load("rapidocr.json", from: .module)
        #expect(recognizer.alphabet.count == 6625)
        #expect(recognizer.alphabet.count == reference["characters"].int)
    }

    @Test func pageReadsAsRapidOCRReadsIt() throws {
        let reference = try Fixtures.decode(ReferenceOutput.self, "rapidocr.json", in: .module)
        let expected = try #require(reference.settings["max"]?["page.png"])
        let image = try BGRImage.read(PaddleModels.images.appendingPathComponent("page.png"))
        let lines = try OCRPipeline(scaling: .keep).read(image)
        let agreement = try Agreement(image: "page.png", ours: lines, reference: expected, seconds: 0)
        #expect(agreement.lines == agreement.referenceLines)
        #expect(agreement.sameText == expected.count, "\(lines.map(\.text)) against \(expected.map(\.text))")
        #expect(agreement.maxCornerError <= 2)
    }
}
