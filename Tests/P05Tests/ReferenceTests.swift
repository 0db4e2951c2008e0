import DeepLearning
import Workbook
import Foundation
import Testing
@testable import P05

/// The pipeline's pieces against nibabel and MONAI on the fixtures of scripts/p05_fixtures.py.
@Suite struct ReferenceTests {
    @Test func niftiFilesReadAsNibabelReadsThem() throws {
        let cases = try monaiFixture()["nifti"].array
        #expect(cases.count == 11)
        for c in cases {
            let name = c["file"].string
            let image = try NIfTIImage.read(Fixtures.url(name, in: .module))
            #expect(image.shape == c["shape"].ints, "\(name) shape")
            #expect(Int(image.header.datatype.rawValue) == c["datatype"].int, "\(name) datatype")
            #expect(Int(image.header.qformCode) == c["qformCode"].int && Int(image.header.sformCode) == c["sformCode"].int, "\(name) codes")
            #expect(maxDifference(image.affine.flatMap { $0 }, c["affine"].array.map(\.doubles).flatMap { $0 }) < 1e-5, "\(name) affine")
            #expect(maxDifference(image.header.spacing, Array(c["zooms"].doubles.prefix(3))) < 1e-6, "\(name) zooms")
            let expected = c["data"].doubles
            let tolerance = image.header.datatype == .float32 || image.header.datatype == .float64 ? 1e-6 : 0.0
            #expect(maxDifference(image.data.map(Double.init), expected) <= tolerance * 10, "\(name) data")
            if let slope = c.optional("slope")?.double {
                #expect(image.header.scaling?.slope == slope && image.header.scaling?.intercept == c["intercept"].double, "\(name) scaling")
            }
        }
    }

    @Test func orientationAndSpacingMatchMONAI() throws {
        let f = try monaiFixture()["orientationSpacing"]
        let shape = f["shape"].ints, affine = f["affine"].array.map(\.doubles)
        let image = Volume(data: f["image"].doubles.map { Float($0) }, shape: shape, affine: affine)
        let label = Volume(data: f["label"].doubles.map { Float($0) }, shape: shape, affine: affine)
        let ras = try image.orientedRAS()
        #expect(ras.shape == f["shapeRAS"].ints)
        #expect(maxDifference(ras.affine.flatMap { $0 }, f["affineRAS"].array.map(\.doubles).flatMap { $0 }) < 1e-9)
        #expect(maxDifference(ras.data.map(Double.init), f["imageRAS"].doubles) < 1e-6)
        let spaced = try ras.resampled(spacing: [2, 2, 2], .trilinear)
        #expect(spaced.shape == f["shapeSpaced"].ints)
        #expect(maxDifference(spaced.affine.flatMap { $0 }, f["affineSpaced"].array.map(\.doubles).flatMap { $0 }) < 1e-9)
        #expect(maxDifference(spaced.data.map(Double.init), f["imageSpaced"].doubles) < 1e-5)
        let labels = try label.orientedRAS().resampled(spacing: [2, 2, 2], .nearest)
        #expect(maxDifference(labels.data.map(Double.init), f["labelSpaced"].doubles) == 0)
    }

    @Test func diceLossAndMetricMatchMONAI() throws {
        let f = try monaiFixture()["dice"]
        let shape = f["shape"].ints
        let p = Tensor(f["probabilities"].doubles, shape: shape, dtype: .float64)
        let labels = Tensor(ints: f["labels"].ints, shape: [shape[0]] + Array(shape[2...]))
        // MONAI DiceLoss(to_onehot_y=True) with smooth 1e-5: 1 − Dice per item and class, averaged.
        #expect(abs(softDiceLoss(p, labels: labels).item - f["loss"].double) < 1e-10)
        // Without the background class: the mean over classes 1 and 2 only.
        let foreground = p.slice(axis: 1, start: 1, end: 3)
        let oneHot = labels.oneHot(classes: 3, dtype: .float64).permute([0, 4, 1, 2, 3]).slice(axis: 1, start: 1, end: 3)
        #expect(abs(softDiceLoss(foreground, oneHot).item - f["lossNoBackground"].double) < 1e-10)
        // The hard Dice of the argmax per item and foreground class (MONAI works in float32); an empty truth is left out (NaN, nil here).
        let prediction = f["prediction"].ints, truth = f["labels"].ints
        let metric = f["metric"].array.map(\.array)
        let voxels = shape[2...].reduce(1, *)
        for item in 0..<shape[0] {
            for c in 1..<3 {
                let range = item * voxels..<(item + 1) * voxels
                let mine = SegmentationMetrics.dice(range.map { prediction[$0] == c ? 1 : 0 }, range.map { truth[$0] == c ? 1 : 0 })
                let expected = metric[item][c - 1].isNull ? nil : metric[item][c - 1].double
                #expect(
                    mine.map { abs($0 - expected!) < 1e-6 } ?? (expected == nil),
                    "item \(item) class \(c): \(String(describing: mine)) vs \(String(describing: expected))")
            }
        }
    }

    @Test func slidingWindowMatchesMONAI() throws {
        let f = try monaiFixture()["windows"]
        func network(_ x: Tensor) -> Tensor {
            let m = x.mean(axes: [2, 3, 4], keepDims: true)
            return concat([x * m, x - m], axis: 1)
        }
        for (key, shape) in [("volume", [1, 1, 10, 9, 11]), ("small", [1, 1, 3, 9, 11])] {
            let volume = Tensor(f[key].doubles.map { Float($0) }, shape: shape)
            for blending in Blending.allCases {
                let y = try slidingWindowInference(volume, roi: [4, 4, 4], overlap: 0.25, blending: blending) { network($0) }
                let expected = f[(key == "volume" ? "windows_" : "small_") + blending.rawValue].doubles
                #expect(y.shape == [1, 2] + Array(shape[2...]))
                #expect(maxDifference(y.scalars.map(Double.init), expected) < 1e-5, "\(key) \(blending)")
            }
        }
    }

    @Test func hausdorff95MatchesMONAI() throws {
        let f = try monaiFixture()["hausdorff"]
        let shape = f["shape"].ints, spacing = f["spacing"].doubles
        let affine = (0..<3).map { r in (0..<4).map { c in c == r ? spacing[r] : 0 } } + [[0, 0, 0, 1]]
        let a = Volume(data: f["a"].doubles.map { Float($0) }, shape: shape, affine: affine)
        let b = Volume(data: f["b"].doubles.map { Float($0) }, shape: shape, affine: affine)
        let hd = try #require(try SegmentationMetrics.hausdorff95(a, b))
        #expect(abs(hd - f["hd95"].double) < 1e-9, "HD95 \(hd) vs \(f["hd95"].double)")
    }
}
