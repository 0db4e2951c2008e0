import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E12")) struct M02_E12_Hidden {
    @Test func matchesTheLibraryRoIAlign() throws {
        let feature = Random.withSeed(121) { Tensor.randn([12, 10], dtype: .float64) }
        let boxes = [Box(x1: 0.4, y1: 1.7, x2: 8.2, y2: 11.3), Box(x1: -2, y1: -1.5, x2: 4, y2: 3), Box(x1: 7.5, y1: 9, x2: 12, y2: 14)]
        for box in boxes {
            for ratio in [1, 3] {
                let expected = ExerciseTwins.unwatched {
                    roiAlign(
                        feature.reshape([1, 1, 12, 10]), boxes: Tensor([0, box.x1, box.y1, box.x2, box.y2], shape: [1, 5], dtype: .float64),
                        outputSize: 4, samplingRatio: ratio)
                }.doubles
                let bins = try (0..<16).map { try roiAlignBin(feature: feature, box: box, outputSize: 4, row: $0 / 4, column: $0 % 4, samplingRatio: ratio) }
                try checkClose(bins, expected, shape: [4, 4], rtol: 1e-9, atol: 1e-12, "bins of \(box), sampling ratio \(ratio)")
            }
        }
    }
}
