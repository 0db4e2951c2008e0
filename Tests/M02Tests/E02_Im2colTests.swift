import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E02")) struct M02_E02 {
    @Test func matchesTorchUnfold() throws {
        let ref = try fixture("im2col")
        try checkClose(
            try im2col(ref.tensor("x"), kernelSize: 3, stride: 2, padding: 1), ref.tensor("columns"), rtol: 0, atol: 0, "unfold(x, 3, padding 1, stride 2)")
    }
}
