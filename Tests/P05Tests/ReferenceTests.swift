import DeepLearning
import Foundation
import Testing
@testable import P05

/// The pipeline's pieces against nibabel and MONAI on the fixtures of scripts/p05_fixtures.py.
@Suite struct ReferenceTests {
    @Test func niftiFilesReadAsNibabelReadsThem() throws {
        let cases = try #require(Fixtures.json()["nifti"] as? [[String: Any]])
        #expect(cases.count == 11)
        for c in cases {
            let name = try #require(c["file"] as? String)
            let image = try NIfTIImage.read(Fixtures.url(name).path)
            #expect(image.shape == Fixtures.ints(c["shape"]), "\(name) shape")
            #expect(Int(image.header.datatype.rawValue) == c["datatype"] as? Int, "\(name) datatype")
            #expect(Int(image.header.qformCode) == c["qformCode"] as? Int && Int(image.header.sformCode) == c["sformCode"] as? Int, "\(name) codes")
            #expect(maxDifference(image.affine.flatMap { $0 }, Fixtures.matrix(c["affine"]).flatMap { $0 }) < 1e-5, "\(name) affine")
            #expect(maxDifference(image.header.spacing, Array(Fixtures.doubles(c["zooms"]).prefix(3))) < 1e-6, "\(name) zooms")
            let expected = Fixtures.doubles(c["data"])
            let tolerance = image.header.datatype == .float32 || image.header.datatype == .float64 ? 1e-6 : 0.0
            #expect(maxDifference(image.data.map(Double.init), expected) <= tolerance * 10, "\(name) data")
            if let slope = c["slope"] as? Double {
                #expect(image.header.scaling?.slope == slope && image.header.scaling?.intercept == c["intercept"] as? Double, "\(name) scaling")
            }
        }
    }

    @Test func orientationAndSpacingMatchMONAI() throws {
        let f = try #require(Fixtures.json()["orientationSpacing"] as? [String: Any])
        let shape = Fixtures.ints(f["shape"]), affine = Fixtures.matrix(f["affine"])
        let image = Volume(data: Fixtures.floats(f["image"]), shape: shape, affine: affine)
        let label = Volume(data: Fixtures.floats(f["label"]), shape: shape, affine: affine)
        let ras = try image.orientedRAS()
        #expect(ras.shape == Fixtures.ints(f["shapeRAS"]))
        #expect(maxDifference(ras.affine.flatMap { $0 }, Fixtures.matrix(f["affineRAS"]).flatMap { $0 }) < 1e-9)
        #expect(maxDifference(ras.data.map(Double.init), Fixtures.doubles(f["imageRAS"])) < 1e-6)
        let spaced = try ras.resampled(spacing: [2, 2, 2], .trilinear)
        #expect(spaced.shape == Fixtures.ints(f["shapeSpaced"]))
        #expect(maxDifference(spaced.affine.flatMap { $0 }, Fixtures.matrix(f["affineSpaced"]).flatMap { $0 }) < 1e-9)
        #expect(maxDifference(spaced.data.map(Double.init), Fixtures.doubles(f["imageSpaced"])) < 1e-5)
        let labels = try label.orientedRAS().resampled(spacing: [2, 2, 2], .nearest)
        #expect(maxDifference(labels.data.map(Double.init), Fixtures.doubles(f["labelSpaced"])) == 0)
    }

    @Test func diceLossAndMetricMatchMONAI() throws {
        let f = try #require(Fixtures.json()["dice"] as? [String: Any])
        let shape = Fixtures.ints(f["shape"])
        let p = Tensor(Fixtures.doubles(f["probabilities"]), shape: shape, dtype: .float64)
        let labels = Tensor(ints: Fixtures.ints(f["labels"]), shape: [shape[0]] + Array(shape[2...]))
        // MONAI DiceLoss(to_onehot_y=True) with smooth 1e-5: 1 − Dice per item and class, averaged.
        #expect(abs(softDiceLoss(p, labels: labels).item - (f["loss"] as! Double)) < 1e-10)
        // Without the background class: the mean over classes 1 and 2 only.
        let foreground = p.slice(axis: 1, start: 1, end: 3)
        let oneHot = labels.oneHot(classes: 3, dtype: .float64).permute([0, 4, 1, 2, 3]).slice(axis: 1, start: 1, end: 3)
        #expect(abs(softDiceLoss(foreground, oneHot).item - (f["lossNoBackground"] as! Double)) < 1e-10)
        // The hard Dice of the argmax per item and foreground class (MONAI works in float32); an empty truth is left out (NaN, nil here).
        let prediction = Fixtures.ints(f["prediction"]), truth = Fixtures.ints(f["labels"])
        let metric = try #require(f["metric"] as? [[Any]])
        let voxels = shape[2...].reduce(1, *)
        for item in 0..<shape[0] {
            for c in 1..<3 {
                let range = item * voxels..<(item + 1) * voxels
                let mine = SegmentationMetrics.dice(range.map { prediction[$0] == c ? 1 : 0 }, range.map { truth[$0] == c ? 1 : 0 })
                let expected = (metric[item][c - 1] as? NSNumber)?.doubleValue
                #expect(mine.map { abs($0 - expected!) < 1e-6 } ?? (expected == nil), "item \(item) class \(c): \(String(describing: mine)) vs \(String(describing: expected))")
            }
        }
    }

    @Test func slidingWindowMatchesMONAI() throws {
        let f = try #require(Fixtures.json()["windows"] as? [String: Any])
        func network(_ x: Tensor) -> Tensor {
            let m = x.mean(axes: [2, 3, 4], keepDims: true)
            return concat([x * m, x - m], axis: 1)
        }
        for (key, shape) in [("volume", [1, 1, 10, 9, 11]), ("small", [1, 1, 3, 9, 11])] {
            let volume = Tensor(Fixtures.floats(f[key]), shape: shape)
            for blending in Blending.allCases {
                let y = try slidingWindowInference(volume, roi: [4, 4, 4], overlap: 0.25, blending: blending) { network($0) }
                let expected = Fixtures.doubles(f[(key == "volume" ? "windows_" : "small_") + blending.rawValue])
                #expect(y.shape == [1, 2] + Array(shape[2...]))
                #expect(maxDifference(y.scalars.map(Double.init), expected) < 1e-5, "\(key) \(blending)")
            }
        }
    }

    @Test func hausdorff95MatchesMONAI() throws {
        let f = try #require(Fixtures.json()["hausdorff"] as? [String: Any])
        let shape = Fixtures.ints(f["shape"]), spacing = Fixtures.doubles(f["spacing"])
        let affine = (0..<3).map { r in (0..<4).map { c in c == r ? spacing[r] : 0 } } + [[0, 0, 0, 1]]
        let a = Volume(data: Fixtures.floats(f["a"]), shape: shape, affine: affine)
        let b = Volume(data: Fixtures.floats(f["b"]), shape: shape, affine: affine)
        let hd = try #require(try SegmentationMetrics.hausdorff95(a, b))
        #expect(abs(hd - (f["hd95"] as! Double)) < 1e-9, "HD95 \(hd) vs \(f["hd95"]!)")
    }
}
