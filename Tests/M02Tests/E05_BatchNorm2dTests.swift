import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import M02

@Suite(.exercise("M02-E05")) struct M02_E05 {
    @Test func matchesTorchBatchNorm2d() throws {
        let ref = try fixture("batch_norm2d")
        let (y, mean, variance) = try batchNorm2dForward(ref.tensor("x"), gamma: ref.tensor("gamma"), beta: ref.tensor("beta"))
        try checkClose(y, ref.tensor("output"), rtol: 1e-9, atol: 1e-12, "output")
        try checkClose(mean, ref.tensor("mean"), rtol: 1e-10, "batch mean per channel")
        try checkClose(variance, ref.tensor("variance"), rtol: 1e-10, "biased batch variance per channel")
    }
}
