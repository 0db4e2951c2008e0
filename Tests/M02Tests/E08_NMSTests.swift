import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E08")) struct M02_E08 {
    @Test(arguments: [(0.5, "keep05"), (0.3, "keep03")])
    func matchesTorchvisionNMS(threshold: Double, key: String) throws {
        let ref = try fixture("nms")
        let keep = try nonMaximumSuppression(boxes: ref.tensor("boxes"), scores: ref.tensor("scores"), iouThreshold: threshold)
        let expected = try ref.values(key).map { Int($0) }
        #expect(keep == expected, "kept indices at IoU threshold \(threshold)")
    }
}
