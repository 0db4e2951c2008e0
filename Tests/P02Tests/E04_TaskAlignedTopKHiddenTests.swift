import DeepLearning
import ExerciseTesting
import Foundation
import Testing
import Workbook
@testable import P02

@Suite(.exercise("P02-E04")) struct P02_E04_Hidden {
    /// Positives of every box equal those of the project's assigner, itself equal to ultralytics'.
    @Test func matchesTheAssigner() throws {
        var rng = Generator(seed: 41)
        let grid = AnchorPoints(imageSize: 128, strides: [8, 16, 32])
        let (xs, ys) = (zip(grid.x, grid.stride).map { Double($0 * $1) }, zip(grid.y, grid.stride).map { Double($0 * $1) })
        var got: [Int] = [], expected: [Int] = [], metrics: [Double] = [], expectedMetrics: [Double] = []
        for _ in 0..<6 {
            let (cx, cy, w, h) = (20 + 88 * rng.uniform(), 20 + 88 * rng.uniform(), 16 + 54 * rng.uniform(), 16 + 54 * rng.uniform())
            let truth = Box(centerX: cx, centerY: cy, width: w, height: h)
            let predicted = xs.indices.map { a in
                Box(
                    centerX: xs[a] + 6 * (rng.uniform() - 0.5), centerY: ys[a] + 6 * (rng.uniform() - 0.5),
                    width: w * (0.6 + 0.8 * rng.uniform()), height: h * (0.6 + 0.8 * rng.uniform()))
            }
            let scores = xs.indices.map { _ in rng.uniform() }
            let inside = xs.indices.map { min(xs[$0] - truth.x1, ys[$0] - truth.y1, truth.x2 - xs[$0], truth.y2 - ys[$0]) > 1e-9 }
            let ious = completeIoUs(truth, predicted)
            let result = try taskAlignedPositives(scores: scores, ious: ious, inside: inside)
            got += result.positives
            metrics += result.metrics
            for a in xs.indices {
                let metric: Double = inside[a] ? scores[a].squareRoot() * Foundation.pow(Swift.max(ious[a], 0), 6) : 0
                expectedMetrics.append(metric)
            }
            let probabilities: [[Float]] = scores.map { [Float($0)] }
            let anchorX: [Float] = xs.map { Float($0) }, anchorY: [Float] = ys.map { Float($0) }
            let assigned = TaskAlignedAssigner().assign(
                scores: probabilities, boxes: predicted, anchorX: anchorX, anchorY: anchorY,
                truth: GroundTruthBoxes(labels: [0], boxes: [truth]), classes: 1)
            expected += assigned.foreground.indices.filter { assigned.foreground[$0] }
        }
        try checkEqual(got, expected, "positive anchors")
        try checkClose(metrics, expectedMetrics, rtol: 1e-9, atol: 1e-12, "alignment metrics")
    }
}

/// CIoU of one box with each of `others`, by the library's tensor op.
private func completeIoUs(_ box: Box, _ others: [Box]) -> [Double] {
    let repeated = Tensor(others.flatMap { _ in box.values() }, shape: [others.count, 4], dtype: .float64)
    let tensor = Tensor(others.flatMap { $0.values() }, shape: [others.count, 4], dtype: .float64)
    return elementwiseBoxIoU(repeated, tensor, kind: .complete).doubles
}
