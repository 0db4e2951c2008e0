import Foundation
import Tensors
import Testing
import Workbook
@testable import Vision

@Suite struct ImageTransformTests {
    let fixture: JSONFixture
    init() throws { fixture = try JSONFixture.load("transforms", from: .module) }

    @Test func resizeMatchesPyTorchBilinear() throws {
        let image = fixture["image"].tensor()
        for (key, size) in [("resized_4x9", (4, 9)), ("resized_2x3", (2, 3))] {
            let got = resize(image, height: size.0, width: size.1)
            #expect(got.shape == fixture[key].shape)
            #expect(maxAbsDifference(got.doubles, fixture[key].doubles) < 1e-12, "\(key)")
        }
    }

    @Test func normalizeAndGrayscaleMatchPyTorch() throws {
        let image = fixture["image"].tensor()
        let normalized = normalize(image, mean: fixture["mean"].doubles, std: fixture["std"].doubles)
        #expect(maxAbsDifference(normalized.doubles, fixture["normalized"].doubles) < 1e-12)
        #expect(maxAbsDifference(grayscale(image).doubles, fixture["grayscale"].doubles) < 1e-12)
    }

    @Test func rotationByQuarterTurnsIsExact() throws {
        let square = fixture["square"].tensor()
        #expect(maxAbsDifference(rotate(square, degrees: 90).doubles, fixture["square_rot90"].doubles) < 1e-12)
        #expect(maxAbsDifference(rotate(square, degrees: 360).doubles, square.doubles) < 1e-12)
        // A 45° turn of a white 9x9 image keeps the centre and brings the fill into the corners.
        let turned = rotate(Tensor.ones([1, 9, 9], dtype: .float64), degrees: 45, fill: 0)
        #expect(turned[element: 0, 4, 4] == 1)
        #expect(turned[element: 0, 0, 0] == 0 && turned[element: 0, 8, 8] == 0)
    }

    @Test func cropsAndFlips() throws {
        let image = Tensor((0..<24).map(Double.init), shape: [2, 3, 4], dtype: .float64)
        #expect(horizontalFlip(image)[element: 1, 2, 0] == image[element: 1, 2, 3])
        #expect(horizontalFlip(horizontalFlip(image)).doubles == image.doubles)
        #expect(crop(image, top: 1, left: 2, height: 2, width: 2).doubles == [6, 7, 10, 11, 18, 19, 22, 23])
        #expect(centerCrop(image, height: 1, width: 2).doubles == [5, 6, 17, 18])
        var rng = Generator(seed: 3)
        for _ in 0..<20 {
            let patch = randomCrop(image, height: 3, width: 4, padding: 1, using: &rng)
            #expect(patch.shape == [2, 3, 4])
            // Every pixel is either padding (0) or one of the image's values.
            #expect(patch.doubles.allSatisfy { $0 == 0 || image.doubles.contains($0) })
        }
        var a = Generator(seed: 9), b = Generator(seed: 9)
        #expect(
            randomCrop(image, height: 2, width: 2, padding: 2, using: &a).doubles == randomCrop(image, height: 2, width: 2, padding: 2, using: &b).doubles,
            "same seed, same crop")
    }

    @Test func colourAdjustments() throws {
        let image = fixture["image"].tensor()
        #expect(maxAbsDifference(adjustBrightness(image, 1).doubles, image.doubles) < 1e-15)
        #expect(adjustBrightness(image, 0).doubles.allSatisfy { $0 == 0 })
        let flat = adjustContrast(image, 0).doubles
        #expect(flat.allSatisfy { abs($0 - flat[0]) < 1e-12 }, "contrast 0 gives one grey level")
        #expect(abs(flat[0] - grayscale(image).mean().item) < 1e-12)
        let grey = adjustSaturation(image, 0)
        #expect(
            maxAbsDifference(grey.slice(axis: 0, start: 0, end: 1).doubles, grey.slice(axis: 0, start: 2, end: 3).doubles) < 1e-12,
            "saturation 0 makes the channels equal")
        var rng = Generator(seed: 5)
        let jittered = colorJitter(image, brightness: 0.4, contrast: 0.4, saturation: 0.4, using: &rng)
        #expect(jittered.shape == image.shape && jittered.doubles.allSatisfy { (0...1).contains($0) })
        #expect(maxAbsDifference(jittered.doubles, image.doubles) > 1e-3, "the jitter changes the image")
    }
}
