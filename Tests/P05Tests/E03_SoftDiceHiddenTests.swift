import DeepLearning
import ExerciseTesting
import Testing
import Workbook
@testable import P05

@Suite(.exercise("P05-E03")) struct P05_E03_Hidden {
    /// MONAI's DiceLoss and torch autograd on one channel of the fixture, then the library's autograd.
    @Test func matchesMONAIAndAutograd() throws {
        let f = try monaiFixture()["dice"]["singleChannel"]
        let (p, t) = (f["p"].doubles, f["t"].doubles)
        let (loss, gradient) = try diceLossAndGradient(probabilities: p, target: t)
        try checkClose([loss], [f["loss"].double], rtol: 0, atol: 1e-10, "MONAI DiceLoss")
        try checkClose(gradient, f["gradient"].doubles, rtol: 0, atol: 1e-10, "torch gradient")
        let x = Tensor(p, shape: [1, 1, p.count], dtype: .float64, requiresGrad: true)
        ExerciseTwins.unwatched { softDiceLoss(x, Tensor(t, shape: [1, 1, t.count], dtype: .float64), smooth: 0.5).backward() }
        try checkClose(
            try diceLossAndGradient(probabilities: p, target: t, smooth: 0.5).gradient, x.grad!.scalars.map(Double.init),
            rtol: 0, atol: 1e-6, "autograd with smooth 0.5")
    }
}
