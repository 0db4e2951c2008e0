import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E07")) struct M02_E07 {
    @Test func matchesTorchvisionBoxIoU() throws {
        let ref = try fixture("box_iou")
        try checkClose(try iouMatrix(ref.tensor("a"), ref.tensor("b")), ref.tensor("iou"), rtol: 1e-12, atol: 1e-14, "IoU matrix")
    }
}
