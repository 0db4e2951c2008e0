import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E12")) struct M02_E12 {
    @Test(arguments: ["inside", "edge", "tiny"])
    func binsMatchTorchvisionRoIAlign(roi: String) throws {
        let ref = try fixture("roi_align")
        let box = Box(try ref.values("\(roi)_box"))
        let expected = try ref.values("\(roi)_bins")
        let bins = try (0..<9).map { try roiAlignBin(feature: ref.tensor("feature"), box: box, outputSize: 3, row: $0 / 3, column: $0 % 3) }
        try checkClose(bins, expected, shape: [3, 3], rtol: 1e-10, atol: 1e-12, "RoIAlign bins of the \(roi) box")
    }
}
