import DeepLearning
import Testing
import Workbook
@testable import M02

@Suite struct M02_E11 {
    @Test func lossAndGradientMatchPyTorch() throws {
        let ref = try fixture("dice")
        let (loss, gradient) = try diceLoss(ref.tensor("probabilities"), ref.tensor("target"))
        try checkClose(loss.reshape([1]), ref.tensor("loss").reshape([1]), rtol: 1e-10, "Dice loss")
        try checkClose(gradient, ref.tensor("gradient"), rtol: 1e-9, atol: 1e-12, "∂L/∂p")
    }
}
