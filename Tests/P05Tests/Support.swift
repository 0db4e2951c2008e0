import DeepLearning
import Foundation
import Workbook
@testable import P05

/// Fixtures/monai.json, written by scripts/p05_fixtures.py from nibabel and MONAI.
func monaiFixture() throws -> JSONFixture { try JSONFixture.load("monai.json", from: .module) }

func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "maxDifference: \(a.count) and \(b.count) values")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// A synthetic head for tests that need no download: a bright ellipsoidal brain inside a
/// darker shell of scalp and skull, in noise, on a 1 mm RAS grid; the label is the brain.
func syntheticHead(shape: [Int], seed: UInt64, centreShift: Double = 0) -> Subject {
    var generator = Generator(seed: seed)
    var image = [Float](repeating: 0, count: shape.reduce(1, *)), label = image
    let centre = shape.map { Double($0) / 2 + centreShift }
    let radii = shape.map { Double($0) * 0.3 }
    var i = 0
    for z in 0..<shape[2] {
        for y in 0..<shape[1] {
            for x in 0..<shape[0] {
                let position = [Double(x), Double(y), Double(z)]
                var squared = 0.0
                for a in 0..<3 { squared += pow((position[a] - centre[a]) / radii[a], 2) }
                let r = squared.squareRoot()
                var v = 0.05
                if r <= 1 { v = 0.55 + 0.2 * sin(Double(x + 2 * y) * 0.7); label[i] = 1 } else if r <= 1.35 { v = 0.25 } else if r <= 1.5 { v = 0.8 }
                image[i] = Float(v + 0.08 * generator.normal())
                i += 1
            }
        }
    }
    let affine: [[Double]] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    return Subject(
        name: "synthetic\(seed)", image: Volume(data: image, shape: shape, affine: affine),
        label: Volume(data: label, shape: shape, affine: affine))
}
